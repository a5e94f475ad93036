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
 * worker pool. Target: at least 5x. In the same rounds, the CPU that faas's own threads and its
 * Python workers spend per event ({@link FaasCpu}): what the ratio comes to when the broker and the
 * database do not share the client's cores and the client's CPU is the limit.
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
            double[] oneCpu = new double[rounds];
            double[] batchedCpu = new double[rounds];
            FaasCpu cpu = new FaasCpu();
            for (int r = 0; r < rounds; r++) {
                cpu.start();
                one[r] = tracker.throughput(load, id + "-one", id + "-one-f", events, true);
                oneCpu[r] = cpu.elapsedNanos() / 1e3 / events;
                cpu.start();
                batched[r] = tracker.throughput(load, id + "-batch", id + "-batch-f", events, true);
                batchedCpu[r] = cpu.elapsedNanos() / 1e3 / events;
            }
            String setup = events + " events on a " + PARTITIONS + "-partition KEY topic; Python handler adds 1;"
                    + " batchSize " + BATCH + ", batchWindow 50 ms vs one event per call; default worker pool";
            return List.of(Result.paired("batch.python-trivial.size-100-vs-1", "ev/s", batched, one,
                    "batch size 1", Target.ratioAtLeast(5), "median of " + rounds + " paired rounds of " + setup),
                    Result.paired("batch.python-trivial.faas-cpu-per-event", "us", batchedCpu, oneCpu,
                            "batch size 1", Target.none(), "CPU of faas's threads and its Python workers"
                                    + " per event (not the embedded servers, the JIT or the GC), the same rounds: "
                                    + setup));
        }
    }
}
