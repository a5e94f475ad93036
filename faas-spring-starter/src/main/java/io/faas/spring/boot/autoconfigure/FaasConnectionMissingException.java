package io.faas.spring.boot.autoconfigure;

/**
 * Thrown at start-up when faas knows no Kafka cluster or no MongoDB server; explained by
 * {@link FaasConnectionMissingFailureAnalyzer}.
 */
class FaasConnectionMissingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String property;

    FaasConnectionMissingException(String property, String what) {
        super(property + " is not set, so faas does not know where " + what + " is");
        this.property = property;
    }

    String property() {
        return property;
    }
}
