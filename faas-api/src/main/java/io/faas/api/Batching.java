package io.faas.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a function takes its events: one per call (the default), or in batches. A batch function's
 * handler gets a list of events and returns a list of results in the same order (Python
 * {@code handler(events, context)}; Java {@link FunctionHandler} gets a {@code List}). An exception
 * fails the whole batch; a handler may instead put an exception in a result's place (Python: an
 * exception instance; Java: a {@link Throwable}) to fail that event alone, so that only the failed
 * events are retried. Every event still gets its own ledger record, with the batch id
 * ({@link Invocation#batchId()}).
 *
 * <p>Order: a batch holds events of one partition in offset order, and a partition runs one batch
 * of the function at a time (its retries first), so the order per key and per partition holds
 * within and across batches; events of ordering {@code NONE} topics are batched across partitions
 * and batches run side by side.
 *
 * @param size   most events in one call, 1 to {@value #MAX_SIZE}; 1 is no batching
 * @param window longest a batch waits to fill after its first event, 0 to 5 s in whole
 *               milliseconds; 0 sends what has arrived, so batches form from a backlog only
 * @since 0.2
 */
public record Batching(int size, Duration window) {

    /** Largest batch. */
    public static final int MAX_SIZE = 10_000;
    /** Longest batch window. */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(5);
    /** One event per call. */
    public static final Batching NONE = new Batching(1, Duration.ZERO);

    public Batching {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_SIZE + ": " + size);
        }
        Objects.requireNonNull(window, "batchWindow");
        if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0 || !Backoff.isWholeMillis(window)) {
            throw new IllegalArgumentException("batchWindow must be whole milliseconds from 0 to 5 s: " + window);
        }
    }

    /** Whether the function takes batches. */
    public boolean enabled() {
        return size > 1;
    }
}
