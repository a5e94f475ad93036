package io.faas.core;

/**
 * A snapshot of a Python executor's workers and counters, cheap to take (for metrics and health
 * pages). Counters only grow during the executor's life.
 *
 * @param liveWorkers    worker processes alive now: idle, busy, starting or being stopped
 * @param idleWorkers    live workers waiting for a call
 * @param busyWorkers    live workers running a call
 * @param workersStarted worker processes started so far
 * @param coldStarts     calls that had to load their function's code first
 * @param crashes        worker processes that ended on their own (exit, signal, memory limit)
 * @param timeouts       calls stopped at their timeout (their worker was killed)
 * @since 0.1
 */
public record PythonPoolStats(int liveWorkers, int idleWorkers, int busyWorkers, long workersStarted,
                              long coldStarts, long crashes, long timeouts) {
}
