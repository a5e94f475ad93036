package io.faas.spring.boot.autoconfigure;

import io.faas.api.Backoff;
import io.faas.api.FunctionSpec;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasSettings;
import io.faas.core.PythonSettings;
import io.faas.validation.ValidatorSettings;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Checks {@link FaasProperties} one property at a time with faas-core's builders, so the rules
 * live in one place (core) and the error names the property that broke them.
 */
final class FaasPropertiesValidation {

    private FaasPropertiesValidation() {
    }

    static void validate(FaasProperties p, Errors errors) {
        FaasProperties.Dispatcher d = p.getDispatcher();
        dispatcher(errors, "dispatcher.groupId", b -> b.groupId(d.getGroupId()));
        dispatcher(errors, "dispatcher.concurrency", b -> b.concurrency(d.getConcurrency()));
        dispatcher(errors, "dispatcher.maxInFlight", b -> b.maxInFlight(d.getMaxInFlight()));
        dispatcher(errors, "dispatcher.pollTimeout", b -> b.pollTimeout(d.getPollTimeout()));
        dispatcher(errors, "dispatcher.commitInterval", b -> b.commitInterval(d.getCommitInterval()));
        dispatcher(errors, "dispatcher.closeGracePeriod", b -> b.closeGracePeriod(d.getCloseGracePeriod()));
        dispatcher(errors, "dispatcher.deadLetterTopic", b -> b.deadLetterTopic(d.getDeadLetterTopic()));
        dispatcher(errors, "dispatcher.ledgerBatchSize", b -> b.ledgerBatchSize(d.getLedgerBatchSize()));
        check(errors, "dispatcher.logLimit", () -> DispatcherSettings.builder()
                .logLimitBytes(intBytes("log limit", d.getLogLimit())).build());
        check(errors, "dispatcher.defaultTimeout", () -> FunctionSpec.builder("check")
                .timeout(d.getDefaultTimeout()).build());
        check(errors, "dispatcher.maxAttempts", () -> FunctionSpec.builder("check")
                .maxAttempts(d.getMaxAttempts()).build());
        FaasProperties.Backoff backoff = d.getBackoff();
        check(errors, "dispatcher.backoff", () -> new Backoff(backoff.getInitial(), backoff.getMultiplier(),
                backoff.getMax()));

        settings(errors, "requestTimeout", b -> b.requestTimeout(p.getRequestTimeout()));
        settings(errors, "maxSourceSize", b -> b.maxSourceBytes(bytes(p.getMaxSourceSize())));
        settings(errors, "maxPayloadSize", b -> b.maxPayloadBytes(bytes(p.getMaxPayloadSize())));
        settings(errors, "changesTopic", b -> b.changesTopic(p.getChangesTopic())
                .dispatcher(DispatcherSettings.builder().deadLetterTopic(validOr(d.getDeadLetterTopic())).build()));
        if (p.getMaxTopicPartitions() != null) {
            settings(errors, "maxTopicPartitions", b -> b.maxTopicPartitions(p.getMaxTopicPartitions()));
        }
        settings(errors, "topicReplicationFactor", b -> b.topicReplicationFactor(p.getTopicReplicationFactor()));
        settings(errors, "mongo.database", b -> b.mongoDatabase(p.getMongo().getDatabase()));
        // blank counts as unset: the embedded server, or a clear "not set" at start-up
        if (p.getMongo().getUri() != null && !p.getMongo().getUri().isBlank()) {
            settings(errors, "mongo.uri", b -> b.mongoUri(p.getMongo().getUri()));
        }
        if (p.getKafka().getBootstrapServers() != null && !p.getKafka().getBootstrapServers().isBlank()) {
            settings(errors, "kafka.bootstrapServers", b -> b.kafkaBootstrapServers(p.getKafka().getBootstrapServers()));
        }
        FaasProperties.Python py = p.getPython();
        python(errors, "python.interpreter", b -> b.interpreter(py.getInterpreter()));
        if (py.getPoolSize() != null) {
            python(errors, "python.poolSize", b -> b.poolSize(py.getPoolSize()));
        }
        python(errors, "python.idleTimeout", b -> b.idleTimeout(py.getIdleTimeout()));
        python(errors, "python.minIdle", b -> b.minIdle(py.getMinIdle()));
        python(errors, "python.maxCallsPerWorker", b -> b.maxCallsPerWorker(py.getMaxCallsPerWorker()));
        python(errors, "python.memoryLimit", b -> b.memoryLimitMb(
                (int) Math.min(Integer.MAX_VALUE, py.getMemoryLimit().toMegabytes())));
        python(errors, "python.logLimit", b -> b.logLimitBytes(intBytes("log limit", py.getLogLimit())));
        python(errors, "python.startTimeout", b -> b.startTimeout(py.getStartTimeout()));
        python(errors, "python.maxModulesPerWorker", b -> b.maxModulesPerWorker(py.getMaxModulesPerWorker()));
        if (p.getSecrets().getKey() != null) {
            try {
                FaasSettings.builder().kafkaBootstrapServers("localhost:9092").mongoUri("mongodb://localhost")
                        .secretsKey(p.getSecrets().getKey()).build();
            } catch (IllegalArgumentException e) {
                // Not rejectValue: Boot's failure report would print the rejected value, the key.
                errors.reject("faas.invalid", property("secrets.key") + ": " + e.getMessage());
            }
        }
        python(errors, "python.sandbox", py::applySandbox);
        if (ClassUtils.isPresent(GRAALPY_SETTINGS, FaasPropertiesValidation.class.getClassLoader())) {
            check(errors, "validation.poolSize", () -> GraalPy.checkPoolSize(p.getValidation().getPoolSize()));
        }
        port(errors, "embedded.kafkaPort", p.getEmbedded().getKafkaPort());
        port(errors, "embedded.mongoPort", p.getEmbedded().getMongoPort());
        if (p.getEmbedded().getDataDir() == null || p.getEmbedded().getDataDir().isBlank()) {
            errors.rejectValue("embedded.dataDir", "faas.invalid", property("embedded.dataDir") + ": must not be blank");
        }
    }

    private static void dispatcher(Errors errors, String field,
                                   java.util.function.Consumer<DispatcherSettings.Builder> change) {
        check(errors, field, () -> {
            DispatcherSettings.Builder b = DispatcherSettings.builder();
            change.accept(b);
            b.build();
        });
    }

    private static void settings(Errors errors, String field, java.util.function.Consumer<FaasSettings.Builder> change) {
        check(errors, field, () -> {
            FaasSettings.Builder b = FaasSettings.builder()
                    .kafkaBootstrapServers("localhost:9092")
                    .mongoUri("mongodb://localhost");
            change.accept(b);
            b.build();
        });
    }

    private static void python(Errors errors, String field, java.util.function.Consumer<PythonSettings.Builder> change) {
        check(errors, field, () -> {
            PythonSettings.Builder b = PythonSettings.builder();
            change.accept(b);
            b.build();
        });
    }

    private static void check(Errors errors, String field, Runnable rule) {
        try {
            rule.run();
        } catch (IllegalArgumentException | NullPointerException e) {
            errors.rejectValue(field, "faas.invalid", property(field) + ": "
                    + (e.getMessage() == null ? "must be set" : e.getMessage()));
        }
    }

    private static void port(Errors errors, String field, int port) {
        if (port < 0 || port > 65535) {
            errors.rejectValue(field, "faas.invalid", property(field) + ": must be between 0 (any free port) and 65535");
        }
    }

    /** {@code dispatcher.deadLetterTopic} as it is written in a properties file: {@code faas.dispatcher.dead-letter-topic}. */
    static String property(String field) {
        return "faas." + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String validOr(String deadLetterTopic) {
        return io.faas.api.Names.isValidTopicName(deadLetterTopic) ? deadLetterTopic : "faas.dlq";
    }

    static long bytes(DataSize size) {
        if (size == null) {
            throw new IllegalArgumentException("must be set");
        }
        return size.toBytes();
    }

    static int intBytes(String what, DataSize size) {
        long bytes = bytes(size);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " must be at most " + Integer.MAX_VALUE + " bytes: " + bytes);
        }
        return (int) bytes;
    }

    private static final String GRAALPY_SETTINGS = "io.faas.validation.ValidatorSettings";

    /** Holds the only reference to faas-validation, so that this class loads without it. */
    private static final class GraalPy {
        static void checkPoolSize(int poolSize) {
            ValidatorSettings.builder().poolSize(poolSize).build();
        }
    }
}
