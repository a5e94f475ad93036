package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.Topic;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.FaasClient;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Row 5: the first result of a just-registered Python function minus the warm latency measured
 * right before it in the same round, both with {@code publishAndAwait}. Two cases: the pool has
 * a running worker (the function's module is loaded on first use), and the pool is empty (a
 * worker process starts first: the worst case, after {@code idleTimeout} of silence).
 */
final class ColdStartScenario implements Scenario {

    private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);

    @Override
    public String name() {
        return "cold";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(4, 10);
        int warmSamples = 20;
        BenchEnv env = options.env();
        String id = BenchEnv.unique("cold");
        double[] warm = new double[rounds];
        double[] loadOnly = new double[rounds];
        double[] newWorker = new double[rounds];
        PythonSettings python = PythonSettings.builder().applyToWorkerSettings(w -> w.idleTimeout(IDLE_TIMEOUT)).build();
        try (FaasClient faas = env.client(env.settings(id).python(python).build())) {
            List<String> topics = new ArrayList<>();
            faas.topics().create(Topic.of(id + "-warm"));
            topics.add(id + "-warm");
            for (int r = 0; r < rounds; r++) {
                faas.topics().create(Topic.of(id + "-a" + r));
                faas.topics().create(Topic.of(id + "-b" + r));
                topics.add(id + "-a" + r);
                topics.add(id + "-b" + r);
            }
            faas.functions().register(FunctionSpec.python("warm", id + "-warm"), PoolVsProcessScenario.HANDLER);
            faas.dispatcher().start();
            awaitAssigned(env, faas, topics);
            PythonExecutor pool = pool(faas);
            for (int i = 0; i < 100; i++) {
                LatencyScenario.once(faas, id + "-warm", i);
            }
            for (int r = 0; r < rounds; r++) {
                double[] w = new double[warmSamples];
                for (int i = 0; i < warmSamples; i++) {
                    w[i] = LatencyScenario.once(faas, id + "-warm", i);
                }
                warm[r] = Stats.median(w);
                loadOnly[r] = cold(faas, id + "-a" + r, "cold-a" + r, r) - warm[r];
                awaitNoWorkers(pool);
                newWorker[r] = cold(faas, id + "-b" + r, "cold-b" + r, r) - warm[r];
            }
        }
        String label = "warm publishAndAwait of a Python function, same round";
        String note = rounds + " rounds; each: median of " + warmSamples + " warm publishAndAwait, then register a "
                + "new function on an already subscribed topic and time its first publishAndAwait";
        return List.of(
                new Result("cold.python-new-function", Stats.median(loadOnly), "ms", Stats.median(warm), label,
                        Double.NaN, Target.atMost(100), Result.boxed(loadOnly), Result.boxed(warm),
                        note + "; a worker is running (module loaded on first use)"),
                new Result("cold.python-new-worker", Stats.median(newWorker), "ms", Stats.median(warm), label,
                        Double.NaN, Target.atMost(100), Result.boxed(newWorker), Result.boxed(warm),
                        note + "; the pool was empty (worker process started first)"));
    }

    /** Milliseconds of the first publishAndAwait of a function registered just before. */
    private static double cold(FaasClient faas, String topic, String name, int r) {
        // A comment makes each source, so its hash, new: nothing of it can be cached anywhere.
        faas.functions().register(FunctionSpec.python(name, topic),
                "# " + name + " round " + r + "\n" + PoolVsProcessScenario.HANDLER);
        long t0 = System.nanoTime();
        List<Invocation> result = faas.publisher().publishAndAwait(topic, Load.payload(r), Duration.ofSeconds(30));
        double ms = (System.nanoTime() - t0) / 1e6;
        if (result.size() != 1 || result.get(0).status() != InvocationStatus.SUCCEEDED || !result.get(0).coldStart()) {
            throw new IllegalStateException("first call of " + name + " gave " + result);
        }
        return ms;
    }

    static PythonExecutor pool(FaasClient faas) {
        for (FunctionExecutor e : faas.executors()) {
            if (e.name().equals("local") && e instanceof PythonExecutor p) {
                return p;
            }
        }
        throw new IllegalStateException("no 'local' Python executor");
    }

    private static void awaitNoWorkers(PythonExecutor pool) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.stats().liveWorkers() > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("idle workers still alive: " + pool.stats());
            }
            Thread.sleep(20); // polling the pool's stats; nothing to be woken by
        }
    }

    /**
     * Waits until the dispatcher reads every topic: a record published to each (no function runs
     * for it) has been read, so the lag of each partition is 0.
     */
    static void awaitAssigned(BenchEnv env, FaasClient faas, List<String> topics) throws InterruptedException, TimeoutException {
        try (Load load = new Load(env.kafkaBootstrapServers())) {
            for (String topic : topics) {
                load.sendAsync(topic, null, Load.payload(0));
            }
            load.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var lag = faas.consumerLag();
            boolean all = topics.stream().allMatch(t -> lag.stream().anyMatch(p ->
                    p.topic().equals(t) && p.partition() == 0 && p.lag() == 0));
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("dispatcher not reading all topics yet; lag " + lag);
            }
            Thread.sleep(20); // the lag is refreshed every commit interval
        }
    }
}
