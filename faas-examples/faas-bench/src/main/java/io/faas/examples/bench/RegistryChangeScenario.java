package io.faas.examples.bench;

import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row 7: how long after {@code register} returns a new Python function runs on a dispatcher that
 * is already running, while events arrive every {@value #PERIOD_MS} ms: from {@code register}
 * returning until the new function's record of the first event published after that moment is
 * durable. Measured on the instance that registered it, and on a second instance (same database,
 * its own dispatcher) that learns of it through the change signal. The figure includes the
 * function's first (cold) call and up to one event period.
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
        Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
        FirstAfter firstAfter = new FirstAfter(sentAt);
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
            running.addInvocationListener(firstAfter);
            running.topics().create(Topic.of(topic));
            running.functions().register(FunctionSpec.python("always", topic), PoolVsProcessScenario.HANDLER);
            running.dispatcher().start();
            ColdStartScenario.awaitAssigned(env, running, List.of(topic));
            AtomicInteger n = new AtomicInteger();
            publisher.scheduleAtFixedRate(() -> {
                int i = n.incrementAndGet();
                sentAt.put(i, System.nanoTime());
                load.sendAsync(topic, null, Load.payload(i));
            }, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
            tracker.expect("always", 100).await(Duration.ofSeconds(30)); // warm: the stream flows
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    local[r] = visible(running, firstAfter, topic, "new-local-" + r);
                    remote[r] = visible(other, firstAfter, topic, "new-remote-" + r);
                } else {
                    remote[r] = visible(other, firstAfter, topic, "new-remote-" + r);
                    local[r] = visible(running, firstAfter, topic, "new-local-" + r);
                }
            }
        } finally {
            publisher.shutdownNow();
        }
        String note = rounds + " rounds; events every " + PERIOD_MS + " ms on a topic with one warm Python function; "
                + "from register() returning until the new Python function's record of the first event published "
                + "after that is durable (includes its cold first call and up to one event period)";
        return List.of(
                Result.single("registry.new-function-visible.same-instance", Stats.median(local), "ms",
                        Target.atMost(1000), Result.boxed(local), note),
                Result.single("registry.new-function-visible.other-instance", Stats.median(remote), "ms",
                        Target.atMost(1000), Result.boxed(remote), note + "; registered on a second instance, seen "
                                + "through the change signal"));
    }

    /**
     * Milliseconds from {@code registrar.register} returning until the new function's record of the
     * first event published after that is durable on the running instance.
     */
    private static double visible(FaasClient registrar, FirstAfter firstAfter, String topic, String name)
            throws Exception {
        CompletableFuture<Long> stored = firstAfter.watch(name);
        registrar.functions().register(FunctionSpec.python(name, topic), "# " + name + "\n"
                + PoolVsProcessScenario.HANDLER);
        long t0 = System.nanoTime();
        firstAfter.since(t0);
        long at = stored.get(30, TimeUnit.SECONDS);
        registrar.functions().delete(name);
        return (at - t0) / 1e6;
    }

    /**
     * Completes when the watched function's record is stored for an event sent at or after the
     * moment given to {@link #since}; records of earlier events (read after the registry change
     * but published before it) do not count. Thread-safe.
     */
    static final class FirstAfter implements java.util.function.Consumer<Invocation> {
        private static final Pattern N = Pattern.compile("\"n\":(\\d+)");
        private final Map<Integer, Long> sentAt;
        private volatile String function;
        private volatile long since = Long.MAX_VALUE;
        private volatile CompletableFuture<Long> result;

        FirstAfter(Map<Integer, Long> sentAt) {
            this.sentAt = sentAt;
        }

        CompletableFuture<Long> watch(String name) {
            since = Long.MAX_VALUE;
            result = new CompletableFuture<>();
            function = name;
            return result;
        }

        void since(long nanos) {
            since = nanos;
        }

        @Override
        public void accept(Invocation invocation) {
            long now = System.nanoTime();
            if (!invocation.function().equals(function)) {
                return;
            }
            Matcher m = N.matcher(invocation.event());
            Long sent = m.find() ? sentAt.get(Integer.valueOf(m.group(1))) : null;
            if (sent != null && sent >= since) {
                result.complete(now);
            }
        }
    }
}
