package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Row 8: end-to-end throughput (publish until every record is durable) of the trivial Python
 * function with 1, 2, 4 and 8 warm workers, on topics of 1, 3 and 12 partitions, events with
 * distinct keys (so neither key nor partition order serializes them). Reported, no target.
 */
final class ScalingScenario implements Scenario {

    static final int[] WORKERS = {1, 2, 4, 8};
    static final int[] PARTITIONS = {1, 3, 12};

    @Override
    public String name() {
        return "scaling";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(1, 3);
        int events = options.pick(2000, 5000);
        BenchEnv env = options.env();
        List<Result> results = new ArrayList<>();
        try (Load load = new Load(env.kafkaBootstrapServers())) {
            for (int workers : WORKERS) {
                String id = BenchEnv.unique("scale-w" + workers);
                LedgerTracker tracker = new LedgerTracker();
                PythonSettings python = PythonSettings.builder().poolSize(workers).minIdle(workers).build();
                try (FaasClient faas = env.client(env.settings(id).python(python).build())) {
                    faas.addInvocationListener(tracker);
                    List<String> topics = new ArrayList<>();
                    for (int p : PARTITIONS) {
                        String topic = id + "-p" + p;
                        faas.topics().create(Topic.of(topic, p));
                        faas.functions().register(FunctionSpec.python("f-p" + p, topic), PoolVsProcessScenario.HANDLER);
                        topics.add(topic);
                    }
                    faas.dispatcher().start();
                    for (int p : PARTITIONS) { // warm-up: subscription, workers, modules, JIT
                        throughput(load, tracker, id + "-p" + p, "f-p" + p, Math.min(300, events));
                    }
                    for (int p : PARTITIONS) {
                        double[] figures = new double[rounds];
                        for (int r = 0; r < rounds; r++) {
                            figures[r] = throughput(load, tracker, id + "-p" + p, "f-p" + p, events);
                        }
                        results.add(Result.single("scaling.workers-" + workers + ".partitions-" + p,
                                Stats.median(figures), "ev/s", Target.none(), Result.boxed(figures),
                                "median of " + rounds + " rounds of " + events + " events with distinct keys; "
                                        + "trivial Python handler; " + workers + " warm workers"));
                    }
                }
            }
        }
        return results;
    }

    private static double throughput(Load load, LedgerTracker tracker, String topic, String function, int events)
            throws Exception {
        LedgerTracker.Expectation done = tracker.expect(function, events);
        long start = System.nanoTime();
        load.send(topic, events, i -> "k" + i);
        long end = done.await(java.time.Duration.ofMinutes(5));
        return events / ((end - start) / 1e9);
    }
}
