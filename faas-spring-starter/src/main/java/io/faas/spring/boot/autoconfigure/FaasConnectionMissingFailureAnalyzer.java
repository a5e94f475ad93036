package io.faas.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing Kafka or MongoDB location into a start-up report that says what to set. */
class FaasConnectionMissingFailureAnalyzer extends AbstractFailureAnalyzer<FaasConnectionMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FaasConnectionMissingException cause) {
        return new FailureAnalysis(cause.getMessage() + ".",
                "Set " + cause.property() + ", or put io.faas:faas-testkit on the classpath (with faas.embedded.enabled"
                        + " left true) to run embedded servers for development.", cause);
    }
}
