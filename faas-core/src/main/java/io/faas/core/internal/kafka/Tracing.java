package io.faas.core.internal.kafka;

import io.faas.api.Event;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The spans of faas's work, and their W3C trace context ({@code traceparent},
 * {@code tracestate}) in Kafka record headers: a span per publish (producer), per invocation of a
 * function for an event (consumer, continuing the trace of the event's headers) and per attempt
 * (its child). An attempt's context is what the function sees in its event's headers, so what it
 * publishes with those headers continues the trace.
 *
 * <p>Only the OpenTelemetry API: spans go to the {@code OpenTelemetry} the host passed to the
 * client (never the global one, which a look-up would fix as a no-op before the host registers
 * its own), and to nothing without one. Thread-safe.
 */
public final class Tracing {

    /** Header of the W3C trace context. */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    static final String SCOPE = "io.faas.core";
    public static final AttributeKey<String> FUNCTION = AttributeKey.stringKey("faas.function");
    public static final AttributeKey<Long> VERSION = AttributeKey.longKey("faas.function.version");
    public static final AttributeKey<String> TOPIC = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.kafka.partition");
    public static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("faas.event.id");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("faas.attempt");
    public static final AttributeKey<String> STATUS = AttributeKey.stringKey("faas.status");
    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public Tracing(OpenTelemetry openTelemetry) {
        this.tracer = Objects.requireNonNull(openTelemetry, "openTelemetry").getTracer(SCOPE);
    }

    /** Spans to nowhere. */
    public static Tracing none() {
        return new Tracing(OpenTelemetry.noop());
    }

    private Tracer tracer() {
        return tracer;
    }

    /** The context of these headers' {@code traceparent}, else the caller's current one. */
    private static Context parent(Map<String, String> headers) {
        if (headers == null || !headers.containsKey(TRACEPARENT)) {
            return Context.current();
        }
        return W3C.extract(Context.root(), headers, FROM_MAP);
    }

    /** A started span of a publish to the topic, child of the headers' trace context if they carry one. */
    public Span startPublish(String topic, Map<String, String> headers) {
        return tracer().spanBuilder("publish " + topic).setSpanKind(SpanKind.PRODUCER).setParent(parent(headers))
                .setAttribute(SYSTEM, "kafka").setAttribute(TOPIC, topic).startSpan();
    }

    /** A started span of one function's invocation for the event, child of the event's trace context. */
    public Span startInvocation(FunctionVersion function, Event event) {
        return tracer().spanBuilder("invoke " + function.name()).setSpanKind(SpanKind.CONSUMER)
                .setParent(parent(event.headers()))
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(FUNCTION, function.name())
                .setAttribute(VERSION, (long) function.version())
                .setAttribute(TOPIC, event.topic())
                .setAttribute(PARTITION, (long) event.partition())
                .setAttribute(OFFSET, event.offset())
                .setAttribute(EVENT_ID, event.id())
                .startSpan();
    }

    /** A started span of one attempt of the invocation. */
    public Span startAttempt(Span invocation, FunctionVersion function, int attempt) {
        return tracer().spanBuilder("attempt " + function.name()).setParent(Context.root().with(invocation))
                .setAttribute(FUNCTION, function.name())
                .setAttribute(VERSION, (long) function.version())
                .setAttribute(ATTEMPT, (long) attempt)
                .startSpan();
    }

    /** Writes the span's W3C context with {@code setter} (a header name and its value). */
    public static void inject(Span span, BiConsumer<String, String> setter) {
        W3C.inject(Context.root().with(span), setter, (s, name, value) -> s.accept(name, value));
    }

    /**
     * The headers with the span's W3C context in place of any they carried; as they are when the
     * span has no valid context (a caller's own, malformed {@code traceparent} stays then).
     */
    public static Map<String, String> withContext(Map<String, String> headers, Span span) {
        if (!span.getSpanContext().isValid()) {
            return headers;
        }
        Map<String, String> out = new LinkedHashMap<>(headers);
        out.remove(TRACEPARENT);
        out.remove(TRACESTATE);
        inject(span, out::put);
        return Collections.unmodifiableMap(out);
    }

    /** Ends the span with the invocation's or attempt's status: an error unless it succeeded. */
    public static void end(Span span, InvocationStatus status, String error) {
        span.setAttribute(STATUS, status.name());
        if (status == InvocationStatus.SUCCEEDED) {
            span.setStatus(StatusCode.OK);
        } else if (status.isFinal()) {
            span.setStatus(StatusCode.ERROR, error == null ? status.name() : error);
        }
        span.end();
    }
}
