package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Share groups: end-to-end throughput (publish until every record is durable) of a one-partition
 * topic of ordering {@code NONE}, whose events a share group spreads over every instance, with 4
 * dispatcher instances against 1. The handler waits 2 ms (standing in for I/O) and each instance
 * runs 2 invocations at once ({@code concurrency} 2), so an instance's capacity, not the
 * partition, is what more instances add to. Target: at least 3x.
 */
final class ShareGroupScenario implements Scenario {

    private static final int INSTANCES = 4;
    private static final int CONCURRENCY = 2;

    @Override
    public String name() {
        return "share";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(2, 5);
        int events = options.pick(1000, 3000);
        BenchEnv env = options.env();
        String single = BenchEnv.unique("share-1");
        String quad = BenchEnv.unique("share-4");
        LedgerTracker tracker = new LedgerTracker();
        List<FaasClient> clients = new ArrayList<>();
        try (Load load = new Load(env.kafkaBootstrapServers())) {
            clients.add(instance(env, single, tracker));
            for (int i = 0; i < INSTANCES; i++) {
                clients.add(instance(env, quad, tracker));
            }
            for (FaasClient c : clients) {
                c.dispatcher().start();
            }
            // warm-up: every instance joined its share group and ran events
            tracker.throughput(load, single, single + "-f", events / 4, true);
            tracker.throughput(load, quad, quad + "-f", events / 4, true);
            double[] one = new double[rounds];
            double[] four = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                one[r] = tracker.throughput(load, single, single + "-f", events, true);
                four[r] = tracker.throughput(load, quad, quad + "-f", events, true);
            }
            return List.of(Result.paired("share.none-1-partition.instances-4-vs-1", "ev/s", four, one,
                    "1 instance", Target.ratioAtLeast(3),
                    "median of " + rounds + " paired rounds of " + events + " events on a 1-partition NONE topic;"
                            + " Java handler waits 2 ms; concurrency " + CONCURRENCY + " per instance; "
                            + INSTANCES + " instances in one share group vs 1"));
        } finally {
            for (FaasClient c : clients) {
                c.close();
            }
        }
    }

    private static FaasClient instance(BenchEnv env, String id, LedgerTracker tracker) {
        FaasSettings base = env.settings(id).build();
        FaasClient faas = env.client(FaasSettings.builder(base)
                .dispatcher(DispatcherSettings.builder(base.dispatcher()).concurrency(CONCURRENCY).build())
                .build());
        faas.addInvocationListener(tracker);
        try {
            faas.topics().create(new Topic(id, 1, Ordering.NONE));
        } catch (io.faas.api.DuplicateTopicException e) {
            // the first instance of the group created it
        }
        faas.functions().register(FunctionSpec.java(id + "-f", id), (event, ctx) -> {
            Thread.sleep(2); // stands in for a call to another service
            return Map.of("ok", true);
        });
        return faas;
    }
}
