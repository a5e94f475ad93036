package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasSettings;
import io.faas.core.internal.dispatch.KafkaDispatcher;
import io.faas.core.internal.kafka.KafkaConfigs;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Topics of ordering {@code NONE} are read through a share group: several instances take records
 * of one partition, and each event still ends with exactly one record per function.
 */
@FaasTest
class ShareGroupIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static FaasSettings settings(FaasTestServers servers, int maxInFlight) {
        FaasSettings base = TestFaas.settings(servers).build();
        return FaasSettings.builder(base)
                .dispatcher(DispatcherSettings.builder(base.dispatcher()).maxInFlight(maxInFlight).build())
                .build();
    }

    private static List<Invocation> records(Faas faas, String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(1000).build()).items();
    }

    @Test
    void twoInstancesShareOnePartitionAndEachEventIsRecordedOnce(FaasTestServers servers) {
        FaasSettings settings = settings(servers, 4);
        Map<String, AtomicInteger> ranOn = new ConcurrentHashMap<>();
        CountDownLatch bothRan = new CountDownLatch(2);
        try (Faas a = TestFaas.create(settings); Faas b = TestFaas.create(settings)) {
            a.topics().create(new Topic("queue", 1, Ordering.NONE));
            for (Faas instance : List.of(a, b)) {
                String name = instance == a ? "a" : "b";
                AtomicInteger count = ranOn.computeIfAbsent(name, n -> new AtomicInteger());
                instance.functions().register(FunctionSpec.java("q", "queue"), (e, ctx) -> {
                    if (count.incrementAndGet() == 1) {
                        bothRan.countDown();
                    }
                    // Each instance holds its first records until the other one got some too: with
                    // one partition, only a share group lets both instances run at once.
                    bothRan.await(20, TimeUnit.SECONDS);
                    return name;
                });
            }
            a.dispatcher().start();
            b.dispatcher().start();
            for (int i = 0; i < 40; i++) {
                a.publisher().publish("queue", "k" + i, "{\"n\":" + i + "}");
            }
            await().atMost(WAIT).until(() -> records(a, "q").size() == 40);
            List<Invocation> all = records(b, "q");
            assertThat(all).hasSize(40).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED && i.attempts() == 1);
            assertThat(all.stream().map(Invocation::offset).distinct()).hasSize(40);
            assertThat(all.stream().map(Invocation::result).distinct()).as("both instances ran events")
                    .containsExactlyInAnyOrder("\"a\"", "\"b\"");
            assertThat(ranOn.get("a").get() + ranOn.get("b").get()).as("no event ran twice").isEqualTo(40);
        }
    }

    @Test
    void eventsPublishedBeforeTheFirstInstanceStartedRun(FaasTestServers servers) {
        FaasSettings settings = settings(servers, 16);
        try (Faas faas = TestFaas.create(settings)) {
            faas.topics().create(new Topic("early", 2, Ordering.NONE));
            faas.functions().register(FunctionSpec.java("e", "early"), (e, ctx) -> "ok");
            for (int i = 0; i < 10; i++) {
                faas.publisher().publish("early", "{}");
            }
            faas.dispatcher().start();
            await().atMost(WAIT).until(() -> records(faas, "e").size() == 10);
        }
    }

    @Test
    void recordsHeldByAClosingInstanceAreReleasedToAnother(FaasTestServers servers) {
        FaasSettings base = settings(servers, 4);
        FaasSettings settings = FaasSettings.builder(base)
                .dispatcher(DispatcherSettings.builder(base.dispatcher()).closeGracePeriod(Duration.ofMillis(200)).build())
                .build();
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger startedOnA = new AtomicInteger();
        try (Faas b = TestFaas.create(settings)) {
            Faas a = TestFaas.create(settings);
            a.topics().create(new Topic("handover", 1, Ordering.NONE));
            a.functions().register(FunctionSpec.java("h", "handover"), (e, ctx) -> {
                startedOnA.incrementAndGet();
                never.await(); // interrupted when a closes
                return "a";
            });
            a.dispatcher().start();
            for (int i = 0; i < 6; i++) {
                a.publisher().publish("handover", "{}");
            }
            await().atMost(WAIT).until(() -> startedOnA.get() > 0);
            a.close(); // its records are released, not accepted: another instance runs them

            b.functions().register(FunctionSpec.java("h", "handover"), (e, ctx) -> "b");
            b.dispatcher().start();
            await().atMost(WAIT).until(() -> records(b, "h").size() == 6);
            assertThat(records(b, "h")).allMatch(i -> i.result().equals("\"b\"")
                    && i.status() == InvocationStatus.SUCCEEDED);
        }
    }

    @Test
    void aCallLongerThanTheLockKeepsItsRecordAndRunsOnce(FaasTestServers servers) throws Exception {
        FaasSettings settings = settings(servers, 4);
        String group = KafkaDispatcher.shareGroupOf(settings.dispatcher());
        KafkaConfigs configs = new KafkaConfigs(settings.kafkaBootstrapServers(), settings.kafkaProperties());
        try (Admin admin = Admin.create(configs.admin("it-admin"))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                    List.of(new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "2000"),
                            AlterConfigOp.OpType.SET)))).all().get(10, TimeUnit.SECONDS);
        }
        AtomicInteger calls = new AtomicInteger();
        try (Faas a = TestFaas.create(settings); Faas b = TestFaas.create(settings)) {
            a.topics().create(new Topic("slow", 1, Ordering.NONE));
            for (Faas instance : List.of(a, b)) {
                instance.functions().register(FunctionSpec.builder("s").runtime(io.faas.api.FunctionRuntime.JAVA)
                        .topics("slow").timeout(Duration.ofSeconds(10)).build(), (e, ctx) -> {
                    calls.incrementAndGet();
                    // three lock durations: without renewal the record would go to the other instance
                    new CountDownLatch(1).await(6, TimeUnit.SECONDS);
                    return "done";
                });
            }
            a.dispatcher().start();
            b.dispatcher().start();
            a.publisher().publish("slow", "{}");
            await().atMost(WAIT).until(() -> records(a, "s").size() == 1);
            Invocation only = records(a, "s").get(0);
            assertThat(only.status()).isEqualTo(InvocationStatus.SUCCEEDED);
            assertThat(only.attempts()).isEqualTo(1);
            assertThat(calls.get()).as("the record was not delivered again while it ran").isEqualTo(1);
        }
    }

    @Test
    void earlierDeliveriesCountAsAttemptsAndTheLastOneDeadLetters(FaasTestServers servers) throws Exception {
        FaasSettings settings = settings(servers, 4);
        String group = KafkaDispatcher.shareGroupOf(settings.dispatcher());
        KafkaConfigs configs = new KafkaConfigs(settings.kafkaBootstrapServers(), settings.kafkaProperties());
        AtomicInteger calls = new AtomicInteger();
        try (Faas faas = TestFaas.create(settings)) {
            faas.topics().create(new Topic("poison", 1, Ordering.NONE));
            faas.functions().register(FunctionSpec.builder("p").runtime(io.faas.api.FunctionRuntime.JAVA)
                    .topics("poison").maxAttempts(2).build(), (e, ctx) -> {
                calls.incrementAndGet();
                return "ran";
            });
            faas.publisher().publish("poison", "{}");
            // Two deliveries end without a record, as if two instances died holding the record.
            try (Admin admin = Admin.create(configs.admin("it-admin"))) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group),
                        List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"),
                                AlterConfigOp.OpType.SET)))).all().get(10, TimeUnit.SECONDS);
            }
            try (KafkaShareConsumer<byte[], byte[]> dying = new KafkaShareConsumer<>(
                    configs.shareConsumer("it-dying", group, 10))) {
                dying.subscribe(Set.of("poison"));
                int released = 0;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (released < 2 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : dying.poll(Duration.ofMillis(200))) {
                        dying.acknowledge(r, AcknowledgeType.RELEASE);
                        released++;
                    }
                }
                dying.commitSync();
                assertThat(released).isEqualTo(2);
            }
            faas.dispatcher().start();
            await().atMost(WAIT).until(() -> records(faas, "p").size() == 1);
            Invocation record = records(faas, "p").get(0);
            assertThat(record.status()).isEqualTo(InvocationStatus.FAILED);
            assertThat(record.error().type()).isEqualTo("DeliveryLimitReached");
            assertThat(calls.get()).isZero();
            List<?> dead = TestFaas.readAll(servers, settings.dispatcher().deadLetterTopic(), 1, WAIT);
            assertThat(dead).hasSize(1);
        }
    }
}
