package io.faas.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time faas itself spends in this JVM and in the processes it started: its threads (every
 * thread whose name starts with {@code faas-}: the poll, worker, ledger, watchdog and retry threads)
 * and its worker processes (the live ones, and through this process's own counters the ones that
 * ended and were reaped). Not counted: the embedded servers, the benchmark's own threads, the JIT
 * and the garbage collector. A thread that ends between two snapshots loses what it spent since
 * the first. Linux only for the processes ({@code /proc/self/stat}); elsewhere only the live ones.
 * Not thread-safe.
 */
final class FaasCpu {

    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> threadsAtStart = Map.of();
    private long processesAtStart;

    /** Starts a measurement. */
    void start() {
        threadsAtStart = threadTimes();
        processesAtStart = processNanos();
    }

    /** CPU nanoseconds spent since {@link #start()}. */
    long elapsedNanos() {
        long total = processNanos() - processesAtStart;
        for (Map.Entry<Long, Long> t : threadTimes().entrySet()) {
            total += t.getValue() - threadsAtStart.getOrDefault(t.getKey(), 0L);
        }
        return total;
    }

    private Map<Long, Long> threadTimes() {
        Map<Long, Long> times = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("faas-")) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    times.put(info.getThreadId(), nanos);
                }
            }
        }
        return times;
    }

    /** Live descendants' CPU time plus that of the reaped ones, which Linux adds to this process's. */
    private static long processNanos() {
        long live = ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return live + reapedChildrenNanos();
    }

    private static long reapedChildrenNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state is field 3, cutime and cstime fields 16 and 17
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * CLOCK_TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
