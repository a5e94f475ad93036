package io.faas.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionContextTest {

    private static FunctionContext withHeaders(Map<String, String> headers) {
        return new FunctionContext() {
            public String functionName() { return "f"; }
            public int functionVersion() { return 1; }
            public String topic() { return "t"; }
            public int partition() { return 0; }
            public long offset() { return 0; }
            public String key() { return null; }
            public String eventId() { return "e"; }
            public Map<String, String> headers() { return headers; }
            public int attempt() { return 1; }
            public Duration remainingTime() { return Duration.ZERO; }
            public FunctionLogger logger() { return null; }
        };
    }

    @Test
    void traceAndSpanIdsComeFromAValidW3cTraceparent() {
        FunctionContext ctx = withHeaders(Map.of("traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertThat(ctx.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(ctx.spanId()).isEqualTo("00f067aa0ba902b7");
        for (String bad : new String[] {"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
            assertThat(withHeaders(Map.of("traceparent", bad)).traceId()).as(bad).isNull();
            assertThat(withHeaders(Map.of("traceparent", bad)).spanId()).as(bad).isNull();
        }
        assertThat(withHeaders(Map.of()).traceId()).isNull();
    }
}
