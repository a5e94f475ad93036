package io.faas.api;

import java.util.Set;
import java.util.TreeSet;

/**
 * Where a function's outcomes go once an invocation is final: its result to {@code onSuccess}, its
 * failure document to {@code onFailure}. Each record is JSON, keyed by the causing event's key,
 * with the {@link DestinationHeaders}; the causing event counts as done only once that record is
 * acknowledged. A topic that triggers another function makes a chain, which ends at
 * {@code faas.dispatcher.max-hops}.
 *
 * @param onSuccess topic that receives what a SUCCEEDED invocation returned; {@code null} for none
 * @param onFailure topic that receives the failure document of a FAILED or TIMED_OUT invocation:
 *                  {@code {"function", "version", "status", "error": {"type", "message"},
 *                  "attempts", "eventId", "topic", "partition", "offset", "event"}}; {@code null}
 *                  for none
 * @since 0.2
 */
public record Destinations(String onSuccess, String onFailure) {

    /** No destination: outcomes stay in the ledger (and failures go to the dead-letter topic). */
    public static final Destinations NONE = new Destinations(null, null);

    public Destinations {
        onSuccess = check("onSuccess", onSuccess);
        onFailure = check("onFailure", onFailure);
    }

    private static String check(String what, String topic) {
        if (topic == null || topic.isBlank()) {
            return null;
        }
        if (!Names.isValidTopicName(topic)) {
            throw new IllegalArgumentException(what + " is not a valid topic name: '" + topic + "'");
        }
        return topic;
    }

    /** Whether neither destination is set. */
    public boolean isEmpty() {
        return onSuccess == null && onFailure == null;
    }

    /** The topics named, sorted, without repeats. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        if (onSuccess != null) {
            topics.add(onSuccess);
        }
        if (onFailure != null) {
            topics.add(onFailure);
        }
        return topics;
    }

    /** The destination for an invocation that ended with {@code status}, or {@code null}. */
    public String topicFor(InvocationStatus status) {
        return switch (status) {
            case SUCCEEDED -> onSuccess;
            case FAILED, TIMED_OUT -> onFailure;
            default -> null;
        };
    }
}
