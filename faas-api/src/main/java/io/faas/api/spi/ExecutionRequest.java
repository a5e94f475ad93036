package io.faas.api.spi;

import io.faas.api.Event;
import io.faas.api.FunctionVersion;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One attempt to run.
 *
 * @param function      function version to run
 * @param event         the event; its payload is valid JSON
 * @param attempt       1-based attempt number
 * @param timeout       how long this attempt may run before it is stopped
 * @param logLimitBytes cap of the captured logs, in bytes of UTF-8
 * @param secrets       decrypted values of the function's secrets, by name; an executor gives
 *                      them to the function with its environment ({@link #environment()}) and
 *                      never logs them ({@link #toString()} shows names only)
 * @param batch         for a batch function's call, the batch's events in order, and then
 *                      {@code event} stands for the whole batch: its id is the batch id, its
 *                      position the first event's, its payload the JSON array of the events'
 *                      payloads, which the function gets as its list (an executor that knows
 *                      nothing of batches passes it on as any payload and works unchanged); empty
 *                      for a single event (since 0.2)
 * @since 0.1
 */
public record ExecutionRequest(FunctionVersion function, Event event, int attempt, Duration timeout,
                               int logLimitBytes, Map<String, String> secrets, List<Event> batch) {
    public ExecutionRequest {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(event, "event");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (logLimitBytes < 0) {
            throw new IllegalArgumentException("logLimitBytes must be >= 0: " + logLimitBytes);
        }
        secrets = secrets == null || secrets.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(secrets));
        batch = batch == null ? List.of() : List.copyOf(batch);
    }

    /** A request for one event (no batch). */
    public ExecutionRequest(FunctionVersion function, Event event, int attempt, Duration timeout, int logLimitBytes,
                            Map<String, String> secrets) {
        this(function, event, attempt, timeout, logLimitBytes, secrets, List.of());
    }

    /**
     * A request for a batch function's call over {@code events}, whose payloads are valid JSON:
     * its {@link #event()} carries the batch id, the first event's position and the payloads as one
     * JSON array.
     *
     * @since 0.2
     */
    public static ExecutionRequest batch(FunctionVersion function, String batchId, List<Event> events, int attempt,
                                         Duration timeout, int logLimitBytes) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one event");
        }
        Event first = events.get(0);
        StringBuilder payloads = new StringBuilder(events.size() * 32).append('[');
        for (int i = 0; i < events.size(); i++) {
            payloads.append(i == 0 ? "" : ",").append(events.get(i).payload());
        }
        Event whole = new Event(batchId, first.topic(), first.partition(), first.offset(), null,
                payloads.append(']').toString(), Map.of(), first.timestamp());
        return new ExecutionRequest(function, whole, attempt, timeout, logLimitBytes, Map.of(), events);
    }

    /** Whether this is a batch function's call ({@link #batch()} is not empty). */
    public boolean isBatch() {
        return !batch.isEmpty();
    }

    /** A request without secrets (the dispatcher's executor chain adds them). */
    public ExecutionRequest(FunctionVersion function, Event event, int attempt, Duration timeout, int logLimitBytes) {
        this(function, event, attempt, timeout, logLimitBytes, Map.of());
    }

    /** This request with the given secret values. */
    public ExecutionRequest withSecrets(Map<String, String> secrets) {
        return new ExecutionRequest(function, event, attempt, timeout, logLimitBytes, secrets, batch);
    }

    /**
     * What the function sees as its environment: the spec's
     * {@link io.faas.api.FunctionSpec#environment() environment} and the secrets, by name.
     *
     * @since 0.2
     */
    public Map<String, String> environment() {
        Map<String, String> environment = function.spec().environment();
        if (secrets.isEmpty()) {
            return environment;
        }
        TreeMap<String, String> all = new TreeMap<>(environment);
        all.putAll(secrets);
        return Collections.unmodifiableMap(all);
    }

    /** Shows the names of the secrets, never their values. */
    @Override
    public String toString() {
        return "ExecutionRequest[function=" + function + ", event=" + event + ", attempt=" + attempt + ", timeout="
                + timeout + ", logLimitBytes=" + logLimitBytes + ", secrets=" + secrets.keySet() + ", batch="
                + batch.size() + " events]";
    }
}
