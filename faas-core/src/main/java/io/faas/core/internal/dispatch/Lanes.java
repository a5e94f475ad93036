package io.faas.core.internal.dispatch;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Runs tasks that share a lane key one at a time, in submission order, and tasks of different
 * lanes (or with no lane) in parallel on the given executor. A lane is busy from the start of
 * its task until {@link #release} is called for it, which may be much later (after retries);
 * other lanes never wait for it. Thread-safe.
 */
final class Lanes {

    private final Executor executor;
    private final Map<Object, ArrayDeque<Runnable>> waiting = new HashMap<>();

    Lanes(Executor executor) {
        this.executor = executor;
    }

    void submit(Object lane, Runnable task) {
        if (lane != null) {
            synchronized (waiting) {
                ArrayDeque<Runnable> queue = waiting.get(lane);
                if (queue != null) {
                    queue.add(task);
                    return;
                }
                waiting.put(lane, new ArrayDeque<>());
            }
        }
        executor.execute(task);
    }

    /** Marks the lane's running task finished and starts the next one, if any. */
    void release(Object lane) {
        if (lane == null) {
            return;
        }
        Runnable next;
        synchronized (waiting) {
            ArrayDeque<Runnable> queue = waiting.get(lane);
            if (queue == null) {
                return;
            }
            next = queue.poll();
            if (next == null) {
                waiting.remove(lane);
                return;
            }
        }
        executor.execute(next);
    }

    int busyLanes() {
        synchronized (waiting) {
            return waiting.size();
        }
    }
}
