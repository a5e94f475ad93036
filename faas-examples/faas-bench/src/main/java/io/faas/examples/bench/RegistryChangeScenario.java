package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Row 7: how long after {@code register} returns a new Python function runs on a dispatcher that
 * is already running, while events arrive every {@value #PERIOD_MS} ms: from {@code register}
 * returning to the first record of the new function being durable. Measured on the instance that
 * registered it, and on a second instance (same database, its own dispatcher) that learns of it
 * through the change signal. The figure includes the function's first (cold) call and up to one
 * event period.
 */
final class RegistryChangeScenario implements Scenario {

    static final int PERIOD_MS = 5;

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        int rounds = options.pick(3, 7);
        BenchEnv env = options.env();
        String id = BenchEnv.unique("reg");
        String topic = id + "-t";
        double[] local = new double[rounds];
        double[] remote = new double[rounds];
        LedgerTracker tracker = new LedgerTracker();
        FaasSettings settings = env.settings(id).build();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faas-bench-registry-load");
            t.setDaemon(true);
            return t;
        });
        try (FaasClient running = env.client(settings);
             FaasClient other = env.client(settings);
             Load load = new Load(env.kafkaBootstrapServers())) {
            running.addInvocationListener(tracker);
            running.topics().create(Topic.of(topic));
            running.functions().register(FunctionSpec.python("always", topic), PoolVsProcessScenario.HANDLER);
            running.dispatcher().start();
            ColdStartScenario.awaitAssigned(env, running, List.of(topic));
            AtomicInteger n = new AtomicInteger();
            publisher.scheduleAtFixedRate(() -> load.sendAsync(topic, null, Load.payload(n.incrementAndGet())),
                    0, PERIOD_MS, TimeUnit.MILLISECONDS);
            tracker.expect("always", 100).await(Duration.ofSeconds(30)); // warm: the stream flows
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    local[r] = visible(running, running, tracker, topic, "new-local-" + r);
                    remote[r] = visible(other, running, tracker, topic, "new-remote-" + r);
                } else {
                    remote[r] = visible(other, running, tracker, topic, "new-remote-" + r);
                    local[r] = visible(running, running, tracker, topic, "new-local-" + r);
                }
            }
        } finally {
            publisher.shutdownNow();
        }
        String note = rounds + " rounds; events every " + PERIOD_MS + " ms on a topic with one warm Python function; "
                + "from register() returning to the new Python function's first durable record (includes its cold "
                + "first call)";
        return List.of(
                Result.single("registry.new-function-visible.same-instance", Stats.median(local), "ms",
                        Target.atMost(1000), Result.boxed(local), note),
                Result.single("registry.new-function-visible.other-instance", Stats.median(remote), "ms",
                        Target.atMost(1000), Result.boxed(remote), note + "; registered on a second instance, seen "
                                + "through the change signal"));
    }

    /** Milliseconds from {@code registrar.register} returning to the function's first record on {@code runner}. */
    private static double visible(FaasClient registrar, FaasClient runner, LedgerTracker tracker, String topic,
                                  String name) throws Exception {
        LedgerTracker.Expectation first = tracker.expect(name, 1);
        registrar.functions().register(FunctionSpec.python(name, topic), "# " + name + "\n"
                + PoolVsProcessScenario.HANDLER);
        long t0 = System.nanoTime();
        long stored = first.await(Duration.ofSeconds(30));
        registrar.functions().delete(name);
        return (stored - t0) / 1e6;
    }
}
