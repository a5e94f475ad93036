package io.faas.api;

import java.time.Instant;

/**
 * What to replay: one function version over a topic's retained events, from an offset or a time,
 * up to an end. The replay's records are kept apart from live ones, and it never moves the
 * dispatcher group's offsets.
 *
 * @param name       a name for people, 1 to 64 characters
 * @param topic      the registered topic whose retained events run again
 * @param function   the function to run
 * @param version    the version to run; 0 for the current one
 * @param fromOffset the offset each partition starts at (the earliest retained one if lower);
 *                   {@code null} to start at {@code from}
 * @param from       the time to start at (each partition's first event at or after it);
 *                   {@code null} with {@code fromOffset}, or for the earliest retained event
 * @param to         the time to stop before; {@code null} for the end of each partition when the
 *                   replay starts (later events are left to the live dispatcher)
 * @since 0.2
 */
public record ReplayRequest(String name, String topic, String function, int version, Long fromOffset, Instant from,
                            Instant to) {

    public ReplayRequest {
        if (name == null || name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("a replay needs a name of 1 to 64 characters");
        }
        Names.requireTopicName(topic);
        Names.requireFunctionName(function);
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0 (0 for the current one): " + version);
        }
        if (fromOffset != null && from != null) {
            throw new IllegalArgumentException("a replay starts at an offset or at a time, not both");
        }
        if (fromOffset != null && fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0: " + fromOffset);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("'to' " + to + " is not after 'from' " + from);
        }
    }
}
