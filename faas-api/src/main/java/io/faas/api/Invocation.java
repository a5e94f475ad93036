package io.faas.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One function's run for one event: a record of the invocation ledger. There is exactly one per
 * (topic, partition, offset, function), however often the event is delivered.
 *
 * @param id            ledger id, {@code topic:partition:offset:function}
 * @param function      function name
 * @param version       function version that ran
 * @param topic         topic of the event
 * @param partition     partition of the event
 * @param offset        offset of the event
 * @param eventId       id of the event
 * @param key           key of the event, {@code null} when it has none
 * @param event         event payload as received (JSON text, or the raw text when it was not JSON)
 * @param status        state of the invocation
 * @param result        JSON text of what the function returned; {@code null} unless SUCCEEDED
 * @param error         why it failed; {@code null} unless FAILED or TIMED_OUT
 * @param logs          what the function printed or logged (capped)
 * @param logsTruncated whether the logs were cut at the cap
 * @param attempts      attempts made (in the latest run: the delivery or the latest redrive)
 * @param coldStart     whether the last attempt had to load the function's code first
 * @param queuedAt      when the dispatcher read the event (or the latest redrive was requested)
 * @param startedAt     when the first attempt of the latest run started; {@code null} if none ran
 * @param finishedAt    when the invocation reached its status; {@code null} while RUNNING
 * @param executor      name of the executor that ran the last attempt
 * @param history       every attempt of every run, oldest first (logs capped at {@link Attempt#LOG_LIMIT})
 * @param redrives      every redrive, oldest first
 * @param rootEventId   id of the event that started the chain the event belongs to (see
 *                      {@link Destinations}); the event's own id when it was published from outside
 *                      (since 0.2)
 * @param hops          records between the root event and this event: 0 for a published event,
 *                      its {@link DestinationHeaders#HOPS} header for a destination record (since 0.2)
 * @param destination   what became of the record sent to the function's destination;
 *                      {@code null} when none was sent (since 0.2)
 * @param batchId       id of the batch whose call produced this record's final attempt, for a batch
 *                      function ({@link Batching}); {@code null} otherwise (since 0.2)
 * @since 0.1
 */
public record Invocation(
        String id,
        String function,
        int version,
        String topic,
        int partition,
        long offset,
        String eventId,
        String key,
        String event,
        InvocationStatus status,
        String result,
        InvocationError error,
        String logs,
        boolean logsTruncated,
        int attempts,
        boolean coldStart,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        String executor,
        List<Attempt> history,
        List<Redrive> redrives,
        String rootEventId,
        int hops,
        Delivery destination,
        String batchId) {

    public Invocation {
        Objects.requireNonNull(id, "id");
        Names.requireFunctionName(function);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(status, "status");
        if (status == InvocationStatus.SUCCEEDED && result == null) {
            throw new IllegalArgumentException("a SUCCEEDED invocation needs a result");
        }
        if ((status == InvocationStatus.FAILED || status == InvocationStatus.TIMED_OUT) && error == null) {
            throw new IllegalArgumentException("a " + status + " invocation needs an error");
        }
        logs = logs == null ? "" : logs;
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0: " + attempts);
        }
        Objects.requireNonNull(queuedAt, "queuedAt");
        executor = executor == null ? "" : executor;
        history = history == null ? List.of() : List.copyOf(history);
        redrives = redrives == null ? List.of() : List.copyOf(redrives);
        rootEventId = rootEventId == null ? eventId : rootEventId;
        if (hops < 0) {
            throw new IllegalArgumentException("hops must be >= 0: " + hops);
        }
    }

    /**
     * A record that no batch produced, as before batches existed.
     *
     * @since 0.2
     */
    public Invocation(String id, String function, int version, String topic, int partition, long offset,
                      String eventId, String key, String event, InvocationStatus status, String result,
                      InvocationError error, String logs, boolean logsTruncated, int attempts, boolean coldStart,
                      Instant queuedAt, Instant startedAt, Instant finishedAt, String executor,
                      List<Attempt> history, List<Redrive> redrives, String rootEventId, int hops,
                      Delivery destination) {
        this(id, function, version, topic, partition, offset, eventId, key, event, status, result, error, logs,
                logsTruncated, attempts, coldStart, queuedAt, startedAt, finishedAt, executor, history, redrives,
                rootEventId, hops, destination, null);
    }

    /**
     * A record of an event that is not part of a chain and sent nothing to a destination, as before
     * those fields existed.
     */
    public Invocation(String id, String function, int version, String topic, int partition, long offset,
                      String eventId, String key, String event, InvocationStatus status, String result,
                      InvocationError error, String logs, boolean logsTruncated, int attempts, boolean coldStart,
                      Instant queuedAt, Instant startedAt, Instant finishedAt, String executor,
                      List<Attempt> history, List<Redrive> redrives) {
        this(id, function, version, topic, partition, offset, eventId, key, event, status, result, error, logs,
                logsTruncated, attempts, coldStart, queuedAt, startedAt, finishedAt, executor, history, redrives,
                null, 0, null, null);
    }

    /** This record with what became of its destination record. */
    public Invocation withDestination(Delivery destination) {
        return new Invocation(id, function, version, topic, partition, offset, eventId, key, event, status, result,
                error, logs, logsTruncated, attempts, coldStart, queuedAt, startedAt, finishedAt, executor, history,
                redrives, rootEventId, hops, destination, batchId);
    }

    /** A record without history: no attempt and no redrive kept. */
    public Invocation(String id, String function, int version, String topic, int partition, long offset,
                      String eventId, String key, String event, InvocationStatus status, String result,
                      InvocationError error, String logs, boolean logsTruncated, int attempts, boolean coldStart,
                      Instant queuedAt, Instant startedAt, Instant finishedAt, String executor) {
        this(id, function, version, topic, partition, offset, eventId, key, event, status, result, error, logs,
                logsTruncated, attempts, coldStart, queuedAt, startedAt, finishedAt, executor, List.of(), List.of());
    }

    /** The ledger id of the invocation of {@code function} for the event at the given position. */
    public static String idOf(String topic, int partition, long offset, String function) {
        return topic + ":" + partition + ":" + offset + ":" + function;
    }

    /**
     * Time from the start of the first attempt of the latest run to the final status, so all its
     * attempts and the backoff between them, or -1 when not both are known.
     */
    public long durationMs() {
        if (startedAt == null || finishedAt == null) {
            return -1;
        }
        return Duration.between(startedAt, finishedAt).toMillis();
    }
}
