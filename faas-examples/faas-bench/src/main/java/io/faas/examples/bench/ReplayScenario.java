package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Ordering;
import io.faas.api.Replay;
import io.faas.api.ReplayRequest;
import io.faas.api.ReplayStatus;
import io.faas.api.Topic;
import io.faas.core.FaasClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Replays: throughput of a replay over a round's events (start until DONE) against the live
 * dispatch of the same events (publish until every record is durable), same function (a no-op Java
 * handler), same instance, on a 4-partition KEY topic. Each round publishes new events live, then
 * replays exactly those (from the round's start time). Target: at least 0.8x.
 */
final class ReplayScenario implements Scenario {

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(2, 5);
        int events = options.pick(2000, 10000);
        BenchEnv env = options.env();
        String id = BenchEnv.unique("replay");
        LedgerTracker tracker = new LedgerTracker();
        try (Load load = new Load(env.kafkaBootstrapServers()); FaasClient faas = env.client(env.settings(id).build())) {
            faas.addInvocationListener(tracker);
            faas.topics().create(new Topic(id, 4, Ordering.KEY));
            faas.functions().register(FunctionSpec.java(id + "-f", id), (event, ctx) -> Map.of("ok", true));
            faas.dispatcher().start();
            round(faas, load, tracker, id, events / 10); // warm-up
            double[] live = new double[rounds];
            double[] replayed = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double[] both = round(faas, load, tracker, id, events);
                live[r] = both[0];
                replayed[r] = both[1];
            }
            return List.of(Result.paired("replay.java-noop.replay-vs-live", "ev/s", replayed, live,
                    "live dispatch", Target.ratioAtLeast(0.8),
                    "median of " + rounds + " paired rounds of " + events + " events on a 4-partition KEY topic;"
                            + " no-op Java function; each round's events live, then replayed from the round's start"));
        }
    }

    /** Live then replayed throughput of {@code events} new events. */
    private static double[] round(FaasClient faas, Load load, LedgerTracker tracker, String id, int events)
            throws Exception {
        Instant since = Instant.now().minusMillis(1);
        double live = tracker.throughput(load, id, id + "-f", events, true);

        long replayStart = System.nanoTime();
        Replay replay = faas.replays().start(new ReplayRequest("bench", id, id + "-f", 0, null, since, null));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        Replay now = replay;
        while (now.status() == ReplayStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replay " + replay.id() + " did not finish: " + now);
            }
            Thread.sleep(20);
            now = faas.replays().get(replay.id()).orElseThrow();
        }
        if (now.status() != ReplayStatus.DONE || now.done() != events) {
            throw new IllegalStateException("replay " + replay.id() + " ended " + now.status() + " with " + now.done()
                    + " of " + events);
        }
        // from the call that starts it (offsets looked up) until it reads DONE (every record stored)
        double replayed = events / ((System.nanoTime() - replayStart) / 1e9);
        return new double[] {live, replayed};
    }
}
