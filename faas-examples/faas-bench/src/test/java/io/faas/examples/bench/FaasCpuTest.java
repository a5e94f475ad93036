package io.faas.examples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FaasCpuTest {

    private static final long MS = 1_000_000L;

    @Test
    void countsFaasThreadsAndNotOthers() throws Exception {
        FaasCpu cpu = new FaasCpu();
        CountDownLatch measured = new CountDownLatch(1);
        cpu.start();
        Thread faas = burnOn("faas-test-burn", 60 * MS, measured);
        Thread other = burnOn("bench-test-burn", 300 * MS, measured);
        long elapsed;
        try {
            elapsed = cpu.elapsedNanos(); // both threads still alive, done burning
        } finally {
            measured.countDown();
        }
        faas.join();
        other.join();
        assertThat(elapsed).as("the faas- thread's 60 ms, not the other's 300 ms")
                .isGreaterThanOrEqualTo(60 * MS).isLessThan(250 * MS);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void countsWorkerProcessesAfterTheyEnded() throws Exception {
        FaasCpu cpu = new FaasCpu();
        cpu.start();
        Process burner = new ProcessBuilder("python3", "-c",
                "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.2:\n    pass\n")
                .inheritIO().start();
        assertThat(burner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(burner.exitValue()).isZero();
        assertThat(cpu.elapsedNanos()).as("the ended process's 200 ms, counted in clock ticks")
                .isGreaterThanOrEqualTo(180 * MS);
    }

    /**
     * Starts a thread of that name that uses {@code nanos} of CPU, then waits for {@code release};
     * returns once it has used them.
     */
    private static Thread burnOn(String name, long nanos, CountDownLatch release) throws InterruptedException {
        CountDownLatch burnt = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            long start = threads.getCurrentThreadCpuTime();
            long x = 0;
            while (threads.getCurrentThreadCpuTime() - start < nanos) {
                x += System.nanoTime() % 7;
            }
            if (x == 42) {
                System.out.print("");
            }
            burnt.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.start();
        assertThat(burnt.await(30, TimeUnit.SECONDS)).isTrue();
        return t;
    }
}
