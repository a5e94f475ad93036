package io.faas.api;

import java.time.Duration;

/**
 * Reads every registered topic in one consumer group and runs each event through every
 * function mapped to its topic, recording each run in the invocation ledger.
 *
 * <p>Delivery: an event's offset is committed only once every function's record for it and for
 * all earlier events of its partition is stored, so a crash re-delivers at most the events whose
 * records were not all stored; a re-delivered event never gets a second record.
 *
 * <p>Thread-safety: {@code start}, {@code close} and {@code isRunning} may be called from any
 * thread. Function code runs on the dispatcher's own worker threads (Java functions) or in
 * worker processes (Python), never on the caller's thread.
 *
 * @since 0.1
 */
public interface Dispatcher extends AutoCloseable {

    /**
     * Starts consuming. Returns once the consumer and workers are started; partitions are
     * assigned asynchronously.
     *
     * @throws IllegalStateException if already started or closed
     */
    void start();

    /** Whether {@link #start()} was called and {@link #close()} was not. */
    boolean isRunning();

    /**
     * Runs a FAILED or TIMED_OUT invocation again with the current version of its function, with
     * a fresh set of attempts, through the same pipeline as every event (lanes, retries, the
     * ledger writer and its listeners). The record turns RUNNING at once, by an atomic
     * compare-and-set, so of concurrent redrives of one record exactly one wins; it gets the new
     * outcome when it is final, keeping every earlier attempt in {@link Invocation#history()} and
     * the redrive in {@link Invocation#redrives()}. The event is not dead-lettered again. A redrive
     * still running when the dispatcher closes is handed back: the record returns to its state
     * before the redrive and can be redriven later.
     *
     * @return the record as it is now (RUNNING)
     * @throws InvocationNotFoundException if there is no such record
     * @throws InvocationStateException    if it did not fail, another redrive of it won, or the
     *                                     dispatcher is not running
     * @throws FunctionNotFoundException   if its function was deleted since
     */
    Invocation redrive(String invocationId);

    /**
     * Stops consuming, lets running invocations finish for up to the given grace period, stores
     * their records and commits what is complete. Idempotent.
     */
    void close(Duration gracePeriod);

    /** {@link #close(Duration)} with the configured grace period. Idempotent. */
    @Override
    void close();
}
