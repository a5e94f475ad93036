package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code maxConcurrency}: a function's invocations over its limit wait without holding a worker. */
@FaasTest
class ConcurrencyLimitIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<Invocation> records(Faas faas, String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(1000).build()).items();
    }

    @Test
    void invocationsOverTheLimitWaitWithoutHoldingWorkersOrOtherFunctions(FaasTestServers servers) throws Exception {
        FaasSettings base = TestFaas.settings(servers).build();
        FaasSettings settings = FaasSettings.builder(base)
                .dispatcher(DispatcherSettings.builder(base.dispatcher()).concurrency(2).build())
                .build();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        try (Faas faas = TestFaas.create(settings)) {
            faas.topics().create(new Topic("limited", 3, Ordering.KEY));
            faas.functions().register(FunctionSpec.builder("slow").runtime(FunctionRuntime.JAVA).topics("limited")
                    .maxConcurrency(1).timeout(Duration.ofSeconds(60)).build(), (e, ctx) -> {
                started.incrementAndGet();
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    gate.await(50, TimeUnit.SECONDS);
                } finally {
                    running.decrementAndGet();
                }
                return "slow";
            });
            faas.functions().register(FunctionSpec.java("fast", "limited"), (e, ctx) -> "fast");
            faas.dispatcher().start();
            for (int i = 0; i < 10; i++) {
                faas.publisher().publish("limited", "k" + i, "{}");
            }
            // Two workers: one runs 'slow', held at the gate. Were the nine waiting runs of 'slow'
            // holding a worker each, 'fast' would get none.
            await().atMost(WAIT).until(() -> records(faas, "fast").size() == 10);
            assertThat(started.get()).as("only one run of 'slow' started").isEqualTo(1);
            gate.countDown();
            await().atMost(WAIT).until(() -> records(faas, "slow").size() == 10);
            assertThat(records(faas, "slow")).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED);
            assertThat(most.get()).as("most runs of 'slow' at once").isEqualTo(1);
        }
    }

    @Test
    void theLimitIsStoredAndRefusedOutOfRange(FaasTestServers servers) {
        FaasSettings settings = TestFaas.settings(servers).build();
        try (Faas faas = TestFaas.create(settings)) {
            faas.topics().create(Topic.of("stored", 1));
            faas.functions().register(FunctionSpec.builder("lim").runtime(FunctionRuntime.JAVA).topics("stored")
                    .maxConcurrency(7).build(), (e, ctx) -> "x");
            assertThat(faas.functions().get("lim").orElseThrow().spec().maxConcurrency()).isEqualTo(7);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FunctionSpec.builder("bad")
                        .runtime(FunctionRuntime.JAVA).maxConcurrency(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency");
    }
}
