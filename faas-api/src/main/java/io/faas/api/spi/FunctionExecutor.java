package io.faas.api.spi;

import io.faas.api.FunctionRuntime;

/**
 * Runs one attempt of a function for one event: in warm local Python workers, in a fresh
 * process, in-process for Java, or on a remote host. The dispatcher chooses the executor by
 * the function's {@code executor} field (its {@link #name()}) or its runtime.
 *
 * <p>Implementations are thread-safe: the dispatcher calls {@link #execute} from many worker
 * threads at once, and each call blocks that thread until the attempt ends.
 *
 * @since 0.1
 */
public interface FunctionExecutor extends AutoCloseable {

    /** Name that a function spec uses to select this executor, such as {@code local}. */
    String name();

    /** Whether this executor can run functions of the given runtime. */
    boolean supports(FunctionRuntime runtime);

    /** Acquires what the executor needs (worker processes, connections). Idempotent. */
    default void start() {
    }

    /** Whether started and not closed. */
    boolean isRunning();

    /**
     * Runs one attempt and returns its outcome. Failures of the function (an exception, a crash
     * of its worker, a timeout) are returned as results, not thrown.
     *
     * @throws InterruptedException if the calling thread was interrupted while waiting; the
     *                              attempt is abandoned
     * @throws io.faas.api.FaasException if the executor itself cannot run anything (closed,
     *                              unable to start a worker); the dispatcher retries later
     */
    ExecutionResult execute(ExecutionRequest request) throws InterruptedException;

    /** Stops workers and releases resources, within a few seconds. Idempotent. */
    @Override
    void close();
}
