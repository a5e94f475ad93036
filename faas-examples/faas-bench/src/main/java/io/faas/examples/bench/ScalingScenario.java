package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Row 8: end-to-end throughput (publish until every record is durable) with 1, 2, 4 and 8 warm
 * Python workers on topics of 1, 3 and 12 partitions, events with distinct keys. Two handlers:
 * one that waits 2 ms (standing in for I/O) on topics ordered by partition, so at most one event
 * per partition runs at a time and the curve shows both dimensions; and the trivial handler of
 * the other rows on key-ordered topics, where the dispatcher and ledger, not Python, set the
 * pace. Reported, no target.
 */
final class ScalingScenario implements Scenario {

    static final int[] WORKERS = {1, 2, 4, 8};
    static final int[] PARTITIONS = {1, 3, 12};

    private record Variant(String name, String handler, Ordering ordering, int quickEvents, int fullEvents,
                           String description) {
    }

    private static final List<Variant> VARIANTS = List.of(
            new Variant("io-2ms", "import time\n\ndef handler(event, context):\n    time.sleep(0.002)\n"
                    + "    return {\"n\": event[\"n\"] + 1}\n", Ordering.PARTITION, 400, 1000,
                    "handler sleeps 2 ms (I/O-like); PARTITION ordering, so one event per partition at a time"),
            new Variant("trivial", PoolVsProcessScenario.HANDLER, Ordering.KEY, 3000, 6000,
                    "trivial handler; KEY ordering with distinct keys, so nothing waits for order"));

    @Override
    public String name() {
        return "scaling";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(1, 3);
        BenchEnv env = options.env();
        List<Result> results = new ArrayList<>();
        try (Load load = new Load(env.kafkaBootstrapServers())) {
            for (Variant variant : VARIANTS) {
                int events = options.pick(variant.quickEvents(), variant.fullEvents());
                for (int workers : WORKERS) {
                    results.addAll(cells(env, load, variant, workers, events, rounds));
                }
            }
        }
        return results;
    }

    private static List<Result> cells(BenchEnv env, Load load, Variant variant, int workers, int events, int rounds)
            throws Exception {
        String id = BenchEnv.unique("scale-" + variant.name() + "-w" + workers);
        LedgerTracker tracker = new LedgerTracker();
        PythonSettings python = PythonSettings.builder().poolSize(workers).minIdle(workers).build();
        List<Result> results = new ArrayList<>();
        try (FaasClient faas = env.client(env.settings(id).python(python).build())) {
            faas.addInvocationListener(tracker);
            for (int p : PARTITIONS) {
                faas.topics().create(new Topic(id + "-p" + p, p, variant.ordering()));
                faas.functions().register(FunctionSpec.python("f-p" + p, id + "-p" + p), variant.handler());
            }
            faas.dispatcher().start();
            for (int p : PARTITIONS) { // warm-up: subscription, workers, modules, JIT
                tracker.throughput(load, id + "-p" + p, "f-p" + p, Math.max(100, events / 4), true);
            }
            for (int p : PARTITIONS) {
                double[] figures = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    figures[r] = tracker.throughput(load, id + "-p" + p, "f-p" + p, events, true);
                }
                results.add(Result.single("scaling." + variant.name() + ".workers-" + workers + ".partitions-" + p,
                        Stats.median(figures), "ev/s", Target.none(), Result.boxed(figures),
                        "median of " + rounds + " rounds of " + events + " events with distinct keys; "
                                + variant.description() + "; " + workers + " warm workers"));
            }
        }
        return results;
    }
}
