package io.faas.core.internal.execution.python;

import io.faas.api.FaasException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The warm-worker bookkeeping alone, with workers that are no processes. */
class WarmWorkersTest {

    private static final WorkerProfile F = new WorkerProfile("f", 256, false);
    private static final WorkerProfile G = new WorkerProfile("g", 256, false);

    private final List<PythonWorker> launched = new CopyOnWriteArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private WarmWorkers warm(int capacity, int maxIdle, int maxCalls) {
        return new WarmWorkers("the test pool", profile -> {
            PythonWorker worker = PythonWorker.attach(new FakeProcess(), profile, 8, false);
            launched.add(worker);
            return worker;
        }, capacity, maxIdle, maxCalls, 100);
    }

    @Test
    void aCallGoesToTheIdleWorkerThatHasItsCode() throws Exception {
        WarmWorkers workers = warm(4, 4, 100);
        PythonWorker first = workers.acquire(F, "h1");
        PythonWorker second = workers.acquire(F, "h2");
        first.noteLoaded("h1", true);
        second.noteLoaded("h2", true);
        workers.release(first, true);
        workers.release(second, true); // most recently used: first in line without a code match

        assertThat(workers.hasWarm("h1")).isTrue();
        assertThat(workers.acquire(F, "h1")).isSameAs(first);
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(2, 1, 1));
        assertThat(workers.workersStarted()).isEqualTo(2);
    }

    @Test
    void anUnboundIdleWorkerIsBoundToTheFirstFunctionThatTakesIt() throws Exception {
        WarmWorkers workers = warm(4, 4, 100);
        workers.fillIdle(1, WorkerProfile.unbound(256));
        workers.fillIdle(1, WorkerProfile.unbound(256));
        assertThat(workers.counts().idle()).as("minIdle is not exceeded").isEqualTo(1);

        PythonWorker worker = workers.acquire(F, "h");

        assertThat(worker).isSameAs(launched.get(0));
        assertThat(worker.profile()).isEqualTo(F);
        assertThat(workers.acquire(new WorkerProfile("f", 512, false), "h"))
                .as("another memory limit needs another worker").isNotSameAs(worker);
    }

    @Test
    void atCapacityAFunctionWithoutAWorkerStopsTheOldestIdleWorkerOfAnother() throws Exception {
        WarmWorkers workers = warm(1, 1, 100);
        PythonWorker f = workers.acquire(F, "hf");
        workers.release(f, true);

        PythonWorker g = workers.acquire(G, "hg");

        assertThat(g).isNotSameAs(f);
        assertThat(f.isAlive()).isFalse();
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(1, 0, 1));
    }

    @Test
    void aFunctionThatHasAWorkerWaitsForItInsteadOfEvictingAnothersIdleWorker() throws Exception {
        WarmWorkers workers = warm(2, 2, 100);
        PythonWorker f = workers.acquire(F, "hf");
        PythonWorker g = workers.acquire(G, "hg");
        workers.release(g, true);

        Future<PythonWorker> waiting = callers.submit(() -> workers.acquire(F, "hf"));
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.waitingCallers() == 1);
        assertThat(g.isAlive()).isTrue();
        assertThat(workers.counts().idle()).isEqualTo(1);

        workers.release(f, true);

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isSameAs(f);
        assertThat(launched).hasSize(2);
    }

    @Test
    void aWorkerIsReplacedAfterMaxCallsOrWhenNotReusable() throws Exception {
        WarmWorkers workers = warm(4, 4, 2);
        PythonWorker worker = workers.acquire(F, "h");
        worker.countCall();
        workers.release(worker, true);
        assertThat(workers.acquire(F, "h")).isSameAs(worker);
        worker.countCall();
        workers.release(worker, true);

        assertThat(worker.isAlive()).as("stopped after its second call").isFalse();
        PythonWorker next = workers.acquire(F, "h");
        assertThat(next).isNotSameAs(worker);
        workers.release(next, false);
        assertThat(next.isAlive()).isFalse();
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(0, 0, 0));
    }

    @Test
    void pastMaxIdleTheLeastRecentlyUsedIdleWorkerIsStopped() throws Exception {
        WarmWorkers workers = warm(Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        PythonWorker f = workers.acquire(F, "hf");
        PythonWorker g = workers.acquire(G, "hg");
        workers.release(f, true);
        workers.release(g, true);

        assertThat(f.isAlive()).isFalse();
        assertThat(g.isAlive()).isTrue();
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(1, 1, 0));
    }

    @Test
    void idleWorkersPastTheTimeoutAreStoppedDownToMinIdleAndTheDeadAreDropped() throws Exception {
        WarmWorkers workers = warm(4, 4, 100);
        List<PythonWorker> three = new ArrayList<>();
        for (WorkerProfile p : List.of(F, G, new WorkerProfile("h", 256, false))) {
            three.add(workers.acquire(p, "x"));
        }
        for (PythonWorker worker : three) {
            workers.release(worker, true);
        }
        three.get(2).kill(); // the most recently used one ends on its own

        workers.reapIdle(Duration.ofHours(1), 0);
        assertThat(workers.counts().idle()).as("none idle long enough; the dead one dropped").isEqualTo(2);
        assertThat(workers.idleDeaths()).isEqualTo(1);

        workers.reapIdle(Duration.ofNanos(1), 1);
        assertThat(three.get(0).isAlive()).as("the oldest goes first").isFalse();
        assertThat(three.get(1).isAlive()).isTrue();
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(1, 1, 0));
    }

    @Test
    void aPingDoesNotCountAsUse() throws Exception {
        WarmWorkers workers = warm(4, 4, 100);
        PythonWorker worker = workers.acquire(F, "h");
        workers.release(worker, true);
        long idleSince = worker.idleSinceNanos();

        assertThat(workers.borrowIdle()).containsExactly(worker);
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(1, 0, 1));
        workers.giveBack(worker, true);

        assertThat(worker.idleSinceNanos()).isEqualTo(idleSince);
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(1, 1, 0));
        assertThat(workers.borrowIdle()).containsExactly(worker);
        workers.giveBack(worker, false);
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void closeHandsOverEveryWorkerAndFailsWaitingCallers() throws Exception {
        WarmWorkers workers = warm(1, 1, 100);
        PythonWorker busy = workers.acquire(F, "h");
        Future<PythonWorker> waiting = callers.submit(() -> workers.acquire(F, "h"));
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.waitingCallers() == 1);

        WarmWorkers.Closing closing = workers.close();

        assertThat(closing.busy()).containsExactly(busy);
        assertThat(closing.idle()).isEmpty();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(FaasException.class)
                .hasMessageContaining("the test pool is closed");
        assertThatThrownBy(() -> workers.acquire(G, "h")).isInstanceOf(FaasException.class);
        assertThat(workers.close().all()).as("idempotent").isEmpty();
        workers.release(busy, true);
        assertThat(busy.isAlive()).as("not kept once closed").isFalse();
    }

    @Test
    void aWorkerGoneWithItsConnectionIsForgottenWithoutBeingStopped() throws Exception {
        WarmWorkers workers = warm(4, 4, 100);
        PythonWorker worker = workers.acquire(F, "h");

        workers.forget(worker);

        assertThat(worker.isAlive()).isTrue();
        assertThat(workers.counts()).isEqualTo(new WarmWorkers.Counts(0, 0, 0));
        assertThat(workers.checkIn(worker, true)).as("not busy any more: nothing to do").isEmpty();
    }

    /** A worker process that is no process: alive until its input is closed or it is signalled. */
    private static final class FakeProcess implements WorkerProcess {
        private volatile boolean alive = true;

        @Override
        public OutputStream stdin() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                }

                @Override
                public void close() {
                    alive = false; // a worker exits at the end of its input
                }
            };
        }

        @Override
        public InputStream stdout() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public InputStream stderr() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public boolean isAlive() {
            return alive;
        }

        @Override
        public void terminate() {
            alive = false;
        }

        @Override
        public void kill() {
            alive = false;
        }

        @Override
        public boolean awaitExit(long millis) {
            return !alive;
        }

        @Override
        public String exitDescription() {
            return alive ? "still running" : "exit code 0";
        }

        @Override
        public String describe() {
            return "fake";
        }

        @Override
        public void cleanUp() {
        }
    }
}
