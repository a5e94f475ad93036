package io.faas.core;

import io.faas.api.CodeValidator;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.internal.DefaultFaas;
import io.opentelemetry.api.OpenTelemetry;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

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
 * <p>Executors and a validator, which hold threads and processes, are passed beside the settings
 * (as a {@code KafkaProducer} takes its serializers); the client starts them, and closes them
 * when it is closed.
 *
 * @since 0.1
 */
public final class FaasClients {

    private FaasClients() {
    }

    /**
     * Connects to Kafka and MongoDB, creates the internal topics and indexes if missing, and
     * returns an instance whose dispatcher is not started yet. Functions run on the built-in
     * executors ({@code java}, {@code local}, {@code process}); sources are checked by
     * {@link CodeValidators#create(PythonSettings, long)} when validation is on.
     *
     * @throws io.faas.api.ServiceUnavailableException if Kafka or MongoDB cannot be reached
     *                                                 within the settings' request timeout
     */
    public static FaasClient create(FaasSettings settings) {
        return create(settings, List.of(), null);
    }

    /**
     * Like {@link #create(FaasSettings)}, with executors added to the built-in ones (an SSH pool,
     * an EC2 fleet, the host app's own); one with the name of a built-in one replaces it. The
     * client binds ({@link io.faas.core.spi.ContextualExecutor}), starts and closes them.
     *
     * @throws IllegalArgumentException if two executors share a name, or a topic is bound to an
     *                                  executor that does not exist
     */
    public static FaasClient create(FaasSettings settings, Collection<? extends FunctionExecutor> executors) {
        return create(settings, executors, null);
    }

    /**
     * Like {@link #create(FaasSettings, Collection)}, with the validator that checks Python sources
     * at register and update when {@link FaasSettings#validation()} is on; {@code null} takes
     * {@link CodeValidators#create(PythonSettings, long)}, created, started and closed by the
     * client. A validator passed here stays the caller's to start and close.
     */
    public static FaasClient create(FaasSettings settings, Collection<? extends FunctionExecutor> executors,
                                    CodeValidator validator) {
        return create(settings, executors, validator, OpenTelemetry.noop());
    }

    /**
     * Like {@link #create(FaasSettings, Collection, CodeValidator)}, with the OpenTelemetry the
     * client's spans go to (the other factories trace to nothing): a span per publish (producer),
     * per invocation of a function for an event (consumer, continuing the trace in the event's
     * {@code traceparent} header) and per attempt; each record the publisher sends carries its
     * span's W3C context in {@code traceparent}, and a function sees its attempt's context in its
     * event's headers ({@link io.faas.api.FunctionContext#traceId()}, Python
     * {@code context.trace_id}). The SDK and its exporters are the caller's: faas needs only the API.
     *
     * @since 0.2
     */
    public static FaasClient create(FaasSettings settings, Collection<? extends FunctionExecutor> executors,
                                    CodeValidator validator, OpenTelemetry openTelemetry) {
        return DefaultFaas.create(settings, List.copyOf(executors), validator,
                Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }
}
