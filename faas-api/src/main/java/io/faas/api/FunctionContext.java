package io.faas.api;

import java.time.Duration;
import java.util.Map;

/**
 * What a running function knows about its invocation. The Python {@code context} argument has
 * the same fields in snake case.
 *
 * <p>Valid only during the call it was passed to.
 *
 * @since 0.1
 */
public interface FunctionContext {

    String functionName();

    int functionVersion();

    String topic();

    int partition();

    long offset();

    /** Record key, or {@code null} when the record has none. */
    String key();

    String eventId();

    Map<String, String> headers();

    /** 1-based number of this attempt. */
    int attempt();

    /** Time left before this attempt times out; never negative. */
    Duration remainingTime();

    /** Logger whose lines go into the invocation's logs. */
    FunctionLogger logger();

    /**
     * The function's environment variables and decrypted secrets, by name (what a Python
     * function finds in {@code os.environ}). Not the host process's environment.
     *
     * @since 0.2
     */
    default Map<String, String> environment() {
        return Map.of();
    }

    /**
     * For a batch function's call ({@link Batching}), the batch's events in the order of the list
     * the handler got (each with its id, key, position and headers); empty for a single event. The
     * context's own {@link #eventId()} is then the batch id, and its position the first event's.
     *
     * @since 0.2
     */
    default java.util.List<Event> batch() {
        return java.util.List.of();
    }

    /**
     * One variable of {@link #environment()}, or {@code null} when the function has none of that name.
     *
     * @since 0.2
     */
    default String getenv(String name) {
        return environment().get(name);
    }

    /**
     * Trace id of this attempt (32 lowercase hex digits), from the W3C {@code traceparent} of
     * {@link #headers()}, or {@code null} when the event carries no valid one. faas puts its
     * attempt span's context there when tracing is on, so passing {@link #headers()}'s
     * {@code traceparent} to what the function calls or publishes continues the trace.
     *
     * @since 0.2
     */
    default String traceId() {
        String[] parts = traceparent(headers());
        return parts == null ? null : parts[1];
    }

    /**
     * Span id of this attempt (16 lowercase hex digits), as {@link #traceId()}.
     *
     * @since 0.2
     */
    default String spanId() {
        String[] parts = traceparent(headers());
        return parts == null ? null : parts[2];
    }

    /** The fields of a valid W3C {@code traceparent} header, or {@code null}. */
    private static String[] traceparent(Map<String, String> headers) {
        String value = headers == null ? null : headers.get("traceparent");
        if (value == null || !value.matches("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")) {
            return null;
        }
        String[] parts = value.split("-");
        return parts[1].matches("0+") || parts[2].matches("0+") ? null : parts;
    }
}
