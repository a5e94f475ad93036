package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.FaasClient;

import java.time.Duration;
import java.util.List;

/**
 * Batch functions: end-to-end throughput (publish until every record is durable) of a trivial
 * Python handler taking batches of 100 against the same handler taking one event per call, over
 * the same number of events on a 4-partition {@code KEY} topic, in one client with the default
 * worker pool. Target: at least 5x.
 */
final class BatchScenario implements Scenario {

    private static final int BATCH = 100;
    private static final int PARTITIONS = 4;

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(2, 5);
        int events = options.pick(2000, 10000);
        BenchEnv env = options.env();
        String id = BenchEnv.unique("batch");
        LedgerTracker tracker = new LedgerTracker();
        try (Load load = new Load(env.kafkaBootstrapServers()); FaasClient faas = env.client(env.settings(id).build())) {
            faas.addInvocationListener(tracker);
            faas.topics().create(new Topic(id + "-one", PARTITIONS, Ordering.KEY));
            faas.topics().create(new Topic(id + "-batch", PARTITIONS, Ordering.KEY));
            faas.functions().register(FunctionSpec.python(id + "-one-f", id + "-one"), """
                    def handler(event, context):
                        return {"n": event["n"] + 1}
                    """);
            faas.functions().register(FunctionSpec.builder(id + "-batch-f").topics(id + "-batch").batchSize(BATCH)
                    .batchWindow(Duration.ofMillis(50)).build(), """
                    def handler(events, context):
                        return [{"n": event["n"] + 1} for event in events]
                    """);
            faas.dispatcher().start();
            // warm-up: workers started, code loaded, both groups joined
            tracker.throughput(load, id + "-one", id + "-one-f", events / 10, true);
            tracker.throughput(load, id + "-batch", id + "-batch-f", events / 10, true);
            double[] one = new double[rounds];
            double[] batched = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                one[r] = tracker.throughput(load, id + "-one", id + "-one-f", events, true);
                batched[r] = tracker.throughput(load, id + "-batch", id + "-batch-f", events, true);
            }
            return List.of(Result.paired("batch.python-trivial.size-100-vs-1", "ev/s", batched, one,
                    "batch size 1", Target.ratioAtLeast(5),
                    "median of " + rounds + " paired rounds of " + events + " events on a " + PARTITIONS
                            + "-partition KEY topic; Python handler adds 1; batchSize " + BATCH
                            + ", batchWindow 50 ms vs one event per call; default worker pool"));
        }
    }
}
