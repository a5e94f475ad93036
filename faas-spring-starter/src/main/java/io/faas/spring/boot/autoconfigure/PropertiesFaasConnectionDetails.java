package io.faas.spring.boot.autoconfigure;

/** {@link FaasConnectionDetails} from {@code faas.kafka.bootstrap-servers} and {@code faas.mongo.uri}. */
final class PropertiesFaasConnectionDetails implements FaasConnectionDetails {

    private final String kafkaBootstrapServers;
    private final String mongoUri;

    PropertiesFaasConnectionDetails(FaasProperties properties) {
        this.kafkaBootstrapServers = require(properties.getKafka().getBootstrapServers(),
                "faas.kafka.bootstrap-servers", "the Kafka cluster");
        this.mongoUri = require(properties.getMongo().getUri(), "faas.mongo.uri", "MongoDB");
    }

    static String require(String value, String property, String what) {
        if (value == null || value.isBlank()) {
            throw new FaasConnectionMissingException(property, what);
        }
        return value;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    @Override
    public String mongoUri() {
        return mongoUri;
    }
}
