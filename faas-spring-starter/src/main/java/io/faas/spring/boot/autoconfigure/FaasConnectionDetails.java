package io.faas.spring.boot.autoconfigure;

/**
 * Where faas finds Kafka and MongoDB. The auto-configuration takes them from
 * {@code faas.kafka.bootstrap-servers} and {@code faas.mongo.uri}, or from the embedded servers it
 * started; a bean of this type of your own replaces both (for a service registry, say).
 *
 * @since 0.1
 */
public interface FaasConnectionDetails {

    /** Kafka {@code bootstrap.servers}, never blank. */
    String kafkaBootstrapServers();

    /** MongoDB connection string, never blank. */
    String mongoUri();
}
