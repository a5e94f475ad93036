package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;

import java.util.List;

/**
 * Row 1: the warm Python worker pool (executor {@code local}) against one {@code python3} process
 * per event (executor {@code process}, the old system's way), end to end: events published to
 * Kafka until their records are durable in the ledger, same trivial handler, same payloads, same
 * instance and pool size. Rounds alternate which side goes first.
 */
final class PoolVsProcessScenario implements Scenario {

    static final String HANDLER = "def handler(event, context):\n    return {\"n\": event[\"n\"] + 1}\n";

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(3, 5);
        int poolEvents = options.pick(1500, 4000);
        int processEvents = options.pick(40, 100);
        String id = BenchEnv.unique("pool");
        LedgerTracker tracker = new LedgerTracker();
        PythonSettings python = PythonSettings.builder().minIdle(PythonSettings.defaults().poolSize()).build();
        try (FaasClient faas = options.env().client(options.env().settings(id).python(python).build());
             Load load = new Load(options.env().kafkaBootstrapServers())) {
            faas.addInvocationListener(tracker);
            faas.topics().create(new Topic(id + "-local", 1, Ordering.NONE));
            faas.topics().create(new Topic(id + "-process", 1, Ordering.NONE));
            faas.functions().register(FunctionSpec.python("f-local", id + "-local"), HANDLER);
            faas.functions().register(FunctionSpec.python("f-process", id + "-process").toBuilder()
                    .executor("process").build(), HANDLER);
            faas.dispatcher().start();
            // Warm-up: JIT, the pool's workers and their loaded module, the subscription.
            tracker.throughput(load, id + "-local", "f-local", poolEvents, false);
            tracker.throughput(load, id + "-process", "f-process", 5, false);

            double[] pool = new double[rounds];
            double[] process = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    pool[r] = tracker.throughput(load, id + "-local", "f-local", poolEvents, false);
                    process[r] = tracker.throughput(load, id + "-process", "f-process", processEvents, false);
                } else {
                    process[r] = tracker.throughput(load, id + "-process", "f-process", processEvents, false);
                    pool[r] = tracker.throughput(load, id + "-local", "f-local", poolEvents, false);
                }
            }
            int workers = python.poolSize();
            return List.of(Result.paired("pool.python-e2e-throughput", "ev/s", pool, process,
                    "executor 'process' (one python3 per event), same instance, " + processEvents + " events a round",
                    Target.ratioAtLeast(50),
                    rounds + " rounds; publish " + poolEvents + " events a round to a 1-partition topic and wait "
                            + "until all records are durable; " + workers + " workers / " + workers
                            + " concurrent processes; trivial handler"));
        }
    }

    /** Publishes {@code events} and returns events per second until the last record is durable. */
}
