package io.faas.core.internal.kafka;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void withoutTracingTheCallersTraceparentPassesThroughUnchanged() {
        Tracing none = Tracing.none();
        Map<String, String> headers = Map.of(Tracing.TRACEPARENT, PARENT, "other", "x");
        Span publish = none.startPublish("t", headers);
        assertThat(Tracing.withContext(headers, publish)).isEqualTo(headers);

        Map<String, String> malformed = Map.of(Tracing.TRACEPARENT, "not-a-trace");
        assertThat(Tracing.withContext(malformed, none.startPublish("t", malformed))).isEqualTo(malformed);
        assertThat(Tracing.withContext(Map.of(), none.startPublish("t", Map.of()))).isEmpty();
    }

    @Test
    void aValidSpanReplacesTheContextTheHeadersCarried() {
        Span span = Span.wrap(SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault()));
        Map<String, String> headers = new LinkedHashMap<>(Map.of(Tracing.TRACEPARENT, PARENT, "tracestate", "a=1",
                "other", "x"));
        assertThat(Tracing.withContext(headers, span)).containsEntry("other", "x")
                .containsEntry(Tracing.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .doesNotContainKey("tracestate");
    }
}
