package io.faas.core;

import io.faas.core.internal.DefaultFaas;

/**
 * Entry point of faas-core: creates a {@link FaasClient} backed by Kafka and MongoDB.
 *
 * <pre>{@code
 * try (FaasClient faas = FaasClients.create(FaasSettings.builder()
 *         .kafkaBootstrapServers("localhost:9092")
 *         .mongoUri("mongodb://localhost:27017")
 *         .build())) {
 *     faas.topics().create(Topic.of("maths"));
 *     faas.functions().register(FunctionSpec.python("add", "maths"), source);
 *     faas.dispatcher().start();
 *     List<Invocation> results = faas.publisher().publishAndAwait("maths", "{\"a\":1,\"b\":2}", Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class FaasClients {

    private FaasClients() {
    }

    /**
     * Connects to Kafka and MongoDB, creates the internal topics and indexes if missing, and
     * returns an instance whose dispatcher is not started yet.
     *
     * @throws io.faas.api.ServiceUnavailableException if Kafka or MongoDB cannot be reached
     *                                                 within the settings' request timeout
     */
    public static FaasClient create(FaasSettings settings) {
        return DefaultFaas.create(settings);
    }
}
