package io.faas.testkit;

/**
 * The Kafka broker and MongoDB server shared by every test in this test JVM, handed to test and
 * lifecycle methods (including {@code @BeforeAll static} ones) by {@link FaasExtension}.
 *
 * <p>Each server comes from the first of: the environment variable
 * {@code FAAS_TEST_KAFKA_BOOTSTRAP} / {@code FAAS_TEST_MONGO_URI}; a Testcontainers container,
 * when Testcontainers is on the test class path and a Docker engine answers; an embedded server
 * ({@link EmbeddedKafka}, {@link EmbeddedMongo}). A server starts the first time its address is
 * asked for, and stops when the test run ends.
 *
 * <p>Because the servers are shared, tests keep apart by name: use {@link #uniqueName(String)}
 * for topics, consumer groups and databases.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public interface FaasTestServers {

    /**
     * The value for a Kafka client's {@code bootstrap.servers}. Starts the broker on first call.
     *
     * @throws IllegalStateException if no broker could be started
     */
    String kafkaBootstrapServers();

    /**
     * A MongoDB connection string such as {@code mongodb://127.0.0.1:41235}. Starts the server
     * on first call.
     *
     * @throws IllegalStateException if no server could be started
     */
    String mongoUri();

    /**
     * A name no other call in this test JVM returns, usable as a Kafka topic, consumer group id
     * or MongoDB database name: {@code prefix-<run id>-<number>}, such as
     * {@code orders-3f9a1c-7}. The run id differs between JVMs, so test runs sharing a server
     * through the environment variables keep apart too.
     *
     * @param prefix 1 to 40 letters, digits, {@code _} or {@code -}, starting with a letter or digit
     * @throws IllegalArgumentException if the prefix is not acceptable
     */
    String uniqueName(String prefix);
}
