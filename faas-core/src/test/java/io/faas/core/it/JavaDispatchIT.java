package io.faas.core.it;

import io.faas.api.Backoff;
import io.faas.api.Faas;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionSpec;
import io.faas.api.InvalidEventException;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.PublishReceipt;
import io.faas.api.Topic;
import io.faas.api.TopicNotFoundException;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The dispatcher end to end on a real broker and MongoDB-wire server, with in-process Java functions. */
@FaasTest
class JavaDispatchIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private FaasTestServers servers;
    private FaasSettings settings;
    private Faas faas;

    @BeforeEach
    void start(FaasTestServers servers) {
        this.servers = servers;
        this.settings = TestFaas.settings(servers).build();
        this.faas = TestFaas.create(settings);
    }

    @AfterEach
    void stop() {
        faas.close();
    }

    private long count(String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(1000).build())
                .items().size();
    }

    private static FunctionHandler echo(String tag) {
        return (event, ctx) -> Map.of("tag", tag, "event", event, "version", ctx.functionVersion());
    }

    @Test
    void manyToManyFanOutGivesExactlyOneRecordPerFunctionAndEvent() {
        faas.topics().create(Topic.of("orders", 2));
        faas.topics().create(Topic.of("refunds", 2));
        faas.functions().register(FunctionSpec.java("audit", "orders"), echo("audit"));
        faas.functions().register(FunctionSpec.java("ledger", "orders", "refunds"), echo("ledger"));
        faas.functions().register(FunctionSpec.java("notify", "refunds"), echo("notify"));
        faas.dispatcher().start();

        for (int i = 0; i < 20; i++) {
            faas.publisher().publish("orders", "k" + i, "{\"n\":" + i + "}");
        }
        for (int i = 0; i < 30; i++) {
            faas.publisher().publish("refunds", "k" + i, "{\"n\":" + i + "}");
        }
        await().atMost(WAIT).until(() -> count("audit") == 20 && count("ledger") == 50 && count("notify") == 30);

        List<Invocation> all = faas.invocations().query(InvocationQuery.builder().limit(1000).build()).items();
        assertThat(all).hasSize(100).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED);
        assertThat(all.stream().map(Invocation::id).distinct()).hasSize(100);
        assertThat(faas.invocations().query(InvocationQuery.builder().function("notify").topic("orders").build())
                .items()).isEmpty();
    }

    @Test
    void publishAndAwaitReturnsEveryTriggeredFunctionsResult() {
        faas.topics().create(Topic.of("maths"));
        faas.functions().register(FunctionSpec.java("add", "maths"), (event, ctx) -> {
            Map<?, ?> m = (Map<?, ?>) event;
            return ((Number) m.get("a")).intValue() + ((Number) m.get("b")).intValue();
        });
        faas.functions().register(FunctionSpec.java("mul", "maths"), (event, ctx) -> {
            Map<?, ?> m = (Map<?, ?>) event;
            ctx.logger().info("multiplying");
            return ((Number) m.get("a")).intValue() * ((Number) m.get("b")).intValue();
        });
        faas.dispatcher().start();

        List<Invocation> results = faas.publisher().publishAndAwait("maths", "{\"a\":3,\"b\":4}", WAIT);

        assertThat(results).extracting(Invocation::function).containsExactly("add", "mul");
        assertThat(results).extracting(Invocation::result).containsExactly("7", "12");
        Invocation mul = results.get(1);
        assertThat(mul.logs()).isEqualTo("INFO multiplying\n");
        assertThat(mul.event()).isEqualTo("{\"a\":3,\"b\":4}");
        assertThat(mul.attempts()).isEqualTo(1);
        assertThat(mul.executor()).isEqualTo("java");
        assertThat(mul.startedAt()).isNotNull();
        assertThat(mul.finishedAt()).isAfterOrEqualTo(mul.startedAt());
        assertThat(faas.invocations().find(mul.id())).contains(mul);
        assertThat(faas.invocations().forEvent(mul.eventId())).containsExactlyElementsOf(results);
    }

    @Test
    void topicsAndFunctionsCreatedWhileRunningTakeEffect() {
        faas.dispatcher().start();
        faas.topics().create(Topic.of("late"));
        faas.functions().register(FunctionSpec.java("first", "late"), echo("first"));

        assertThat(faas.publisher().publishAndAwait("late", "{}", WAIT)).extracting(Invocation::function)
                .containsExactly("first");

        faas.functions().register(FunctionSpec.java("second", "late"), echo("second"));
        assertThat(faas.publisher().publishAndAwait("late", "{}", WAIT)).extracting(Invocation::function)
                .containsExactly("first", "second");

        faas.topics().create(Topic.of("later"));
        faas.functions().update(FunctionSpec.java("second", "late", "later"), echo("second"));
        assertThat(faas.publisher().publishAndAwait("later", "{}", WAIT)).extracting(Invocation::function)
                .containsExactly("second");

        faas.functions().delete("first");
        assertThat(faas.publisher().publishAndAwait("late", "{}", WAIT)).extracting(Invocation::function)
                .containsExactly("second");
    }

    @Test
    void eventsAfterAnUpdateRunTheNewVersion() {
        faas.topics().create(Topic.of("stream"));
        faas.functions().register(FunctionSpec.java("f", "stream"), (e, ctx) -> "v1");
        faas.dispatcher().start();
        for (int i = 0; i < 5; i++) {
            faas.publisher().publish("stream", "{}");
        }
        await().atMost(WAIT).until(() -> count("f") == 5);

        faas.functions().update(FunctionSpec.java("f", "stream"), (e, ctx) -> "v2");
        List<PublishReceipt> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(faas.publisher().publish("stream", "{}"));
        }
        await().atMost(WAIT).until(() -> count("f") == 10);

        for (PublishReceipt r : later) {
            Invocation i = faas.invocations().forEvent(r.eventId()).get(0);
            assertThat(i.version()).isEqualTo(2);
            assertThat(i.result()).isEqualTo("\"v2\"");
        }
        assertThat(faas.invocations().query(InvocationQuery.builder().function("f").limit(100).build()).items())
                .filteredOn(i -> i.version() == 1).hasSize(5).allMatch(i -> i.result().equals("\"v1\""));
    }

    @Test
    void sameKeyRunsInOrderWhileKeysRunInParallel() {
        faas.topics().create(new Topic("keyed", 3, Ordering.KEY));
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        faas.functions().register(FunctionSpec.java("seq", "keyed"), (event, ctx) -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(2); // the function's own work, so that keys overlap
                int n = ((Number) ((Map<?, ?>) event).get("n")).intValue();
                seen.computeIfAbsent(ctx.key(), k -> new CopyOnWriteArrayList<>()).add(n);
                return n;
            } finally {
                running.decrementAndGet();
            }
        });
        faas.dispatcher().start();

        int keys = 6;
        int perKey = 30;
        for (int n = 0; n < perKey; n++) {
            for (int k = 0; k < keys; k++) {
                faas.publisher().publish("keyed", "key-" + k, "{\"n\":" + n + "}");
            }
        }
        await().atMost(WAIT).until(() -> count("seq") == keys * perKey);

        assertThat(seen).hasSize(keys);
        seen.values().forEach(list -> assertThat(list).hasSize(perKey).isSorted());
        assertThat(maxRunning.get()).as("different keys ran in parallel").isGreaterThan(1);
    }

    @Test
    void failingFunctionIsRetriedThenRecordedAndDeadLettered() {
        faas.topics().create(Topic.of("jobs"));
        Backoff fast = Backoff.fixed(Duration.ofMillis(20));
        AtomicInteger flakyCalls = new AtomicInteger();
        faas.functions().register(FunctionSpec.builder("broken").runtime(io.faas.api.FunctionRuntime.JAVA)
                .topics("jobs").maxAttempts(3).backoff(fast).build(), (e, ctx) -> {
                    throw new IllegalStateException("always broken, attempt " + ctx.attempt());
                });
        faas.functions().register(FunctionSpec.builder("flaky").runtime(io.faas.api.FunctionRuntime.JAVA)
                .topics("jobs").maxAttempts(3).backoff(fast).build(), (e, ctx) -> {
                    if (flakyCalls.incrementAndGet() < 3) {
                        throw new RuntimeException("not yet");
                    }
                    return "finally";
                });
        faas.dispatcher().start();

        List<Invocation> results = faas.publisher().publishAndAwait("jobs", "order-1", "{\"id\":1}", Map.of(), WAIT);

        Invocation broken = results.get(0);
        assertThat(broken.function()).isEqualTo("broken");
        assertThat(broken.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(broken.attempts()).isEqualTo(3);
        assertThat(broken.error().type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(broken.error().message()).isEqualTo("always broken, attempt 3");
        assertThat(broken.error().traceback()).contains("IllegalStateException");
        Invocation flaky = results.get(1);
        assertThat(flaky.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(flaky.attempts()).isEqualTo(3);
        assertThat(flaky.result()).isEqualTo("\"finally\"");

        List<ConsumerRecord<String, String>> dead = TestFaas.readAll(servers, settings.dispatcher().deadLetterTopic(),
                1, WAIT);
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, String> d = dead.get(0);
        assertThat(d.key()).isEqualTo("order-1");
        assertThat(d.value()).isEqualTo("{\"id\":1}");
        assertThat(header(d, "faas-function")).isEqualTo("broken");
        assertThat(header(d, "faas-error-type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(header(d, "faas-attempts")).isEqualTo("3");
        assertThat(header(d, "faas-source-topic")).isEqualTo("jobs");
        assertThat(header(d, "faas-event-id")).isEqualTo(broken.eventId());
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRetryingKeyDoesNotHoldBackOtherKeys() {
        faas.topics().create(new Topic("mixed", 1, Ordering.KEY));
        faas.functions().register(FunctionSpec.builder("f").runtime(io.faas.api.FunctionRuntime.JAVA)
                .topics("mixed").maxAttempts(3).backoff(Backoff.fixed(Duration.ofSeconds(2))).build(), (e, ctx) -> {
                    if ("bad".equals(ctx.key())) {
                        throw new IllegalStateException("bad key");
                    }
                    return "ok";
                });
        faas.dispatcher().start();

        PublishReceipt bad = faas.publisher().publish("mixed", "bad", "{}");
        List<PublishReceipt> good = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            good.add(faas.publisher().publish("mixed", "good-" + i, "{}"));
        }
        // The bad key needs ~4 s of backoff; every good key, published after it on the same partition, is done first.
        await().atMost(WAIT).until(() -> good.stream().allMatch(r -> !faas.invocations().forEvent(r.eventId()).isEmpty()));
        assertThat(faas.invocations().forEvent(bad.eventId())).isEmpty();
        await().atMost(WAIT).until(() -> !faas.invocations().forEvent(bad.eventId()).isEmpty());
        assertThat(faas.invocations().forEvent(bad.eventId()).get(0).attempts()).isEqualTo(3);
    }

    @Test
    void aFunctionPastItsTimeoutIsRecordedAsTimedOut() {
        faas.topics().create(Topic.of("slow"));
        faas.functions().register(FunctionSpec.builder("sleepy").runtime(io.faas.api.FunctionRuntime.JAVA)
                .topics("slow").timeout(Duration.ofMillis(300)).maxAttempts(1).build(), (e, ctx) -> {
                    Thread.sleep(10_000);
                    return "never";
                });
        faas.dispatcher().start();

        Invocation i = faas.publisher().publishAndAwait("slow", "{}", WAIT).get(0);

        assertThat(i.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(i.error().type()).isEqualTo("TimeoutError");
        assertThat(i.error().message()).contains("sleepy").contains("300 ms");
        assertThat(i.durationMs()).isBetween(250L, 5_000L);
    }

    @Test
    void anEventThatIsNotJsonIsRecordedAsFailedAndTheDispatcherCarriesOn() throws Exception {
        faas.topics().create(Topic.of("raw"));
        faas.functions().register(FunctionSpec.java("parse", "raw"), echo("parse"));
        faas.dispatcher().start();

        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> raw = new KafkaProducer<>(config)) {
            raw.send(new ProducerRecord<>("raw", "{not json")).get();
            raw.send(new ProducerRecord<>("raw", "{\"fine\":true}")).get();
        }
        await().atMost(WAIT).until(() -> count("parse") == 2);

        List<Invocation> records = faas.invocations().query(InvocationQuery.builder().function("parse").build()).items();
        Invocation bad = records.stream().filter(i -> i.offset() == 0).findFirst().orElseThrow();
        assertThat(bad.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(bad.error().type()).isEqualTo("InvalidEventPayload");
        assertThat(bad.error().message()).startsWith("event payload is not valid JSON");
        assertThat(bad.event()).isEqualTo("{not json");
        assertThat(bad.eventId()).isEqualTo("raw-0-0");
        assertThat(bad.attempts()).isZero();
        Invocation good = records.stream().filter(i -> i.offset() == 1).findFirst().orElseThrow();
        assertThat(good.status()).isEqualTo(InvocationStatus.SUCCEEDED);
    }

    @Test
    void publisherRefusesWhatCannotBeAnEvent() {
        faas.topics().create(Topic.of("known"));
        assertThatThrownBy(() -> faas.publisher().publish("unknown", "{}"))
                .isInstanceOf(TopicNotFoundException.class).hasMessage("topic 'unknown' does not exist");
        assertThatThrownBy(() -> faas.publisher().publish("known", "{oops"))
                .isInstanceOf(InvalidEventException.class).hasMessageStartingWith("event payload is not valid JSON");
        assertThatThrownBy(() -> faas.publisher().publish("known", null, "{}", Map.of("faas-event-id", "forged")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("reserved");
        String big = "{\"x\":\"" + "a".repeat(1024 * 1024) + "\"}";
        assertThatThrownBy(() -> faas.publisher().publish("known", big))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("over the limit of 1048576 bytes");
    }

    @Test
    void aBacklogLargerThanMaxInFlightDrainsWithoutSittingOutPollTimeouts() {
        // Ten events a poll and at most ten in flight: the dispatcher pauses after every poll. A
        // resume that waited for the 5 s poll to time out would need over 30 s for 60 events.
        FaasSettings paused = FaasSettings.builder(settings)
                .kafkaProperty("max.poll.records", "10")
                .dispatcher(io.faas.core.DispatcherSettings.builder(settings.dispatcher())
                        .maxInFlight(10).pollTimeout(Duration.ofSeconds(5)).build())
                .build();
        faas.close();
        faas = TestFaas.create(paused);
        faas.topics().create(Topic.of("backlog"));
        faas.functions().register(FunctionSpec.java("drain", "backlog"), (e, ctx) -> ctx.offset());
        for (int i = 0; i < 60; i++) {
            faas.publisher().publish("backlog", "{\"i\":" + i + "}");
        }
        faas.dispatcher().start();

        await().atMost(Duration.ofSeconds(15)).until(() -> count("drain") == 60);
    }

    @Test
    void restartMidStreamLeavesExactlyOneRecordPerFunctionAndEvent() {
        // Events from number 150 on block until the instance is closed, so the close lands mid-stream
        // for certain; the restarted instance finds them unrecorded and runs them.
        FaasSettings quickClose = FaasSettings.builder(settings).dispatcher(
                io.faas.core.DispatcherSettings.builder(settings.dispatcher()).closeGracePeriod(Duration.ofMillis(500))
                        .build()).build();
        faas.close();
        faas = TestFaas.create(quickClose);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        FunctionHandler gated = (e, ctx) -> {
            if (((Number) ((Map<?, ?>) e).get("i")).intValue() >= 150) {
                gate.await();
            }
            return ctx.offset();
        };
        faas.topics().create(Topic.of("burst", 3));
        faas.functions().register(FunctionSpec.java("one", "burst"), gated);
        faas.functions().register(FunctionSpec.java("two", "burst"), gated);
        faas.dispatcher().start();
        int events = 300;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events; i++) {
            ids.add(faas.publisher().publish("burst", "k" + (i % 17), "{\"i\":" + i + "}").eventId());
        }
        await().atMost(WAIT).until(() -> count("one") >= 150 && count("two") >= 150);
        faas.close();
        gate.countDown();
        assertThat(countIn(quickClose, "one")).as("closed mid-stream").isEqualTo(150);

        FunctionHandler open = (e, ctx) -> ctx.offset();
        faas = TestFaas.create(quickClose);
        faas.functions().register(FunctionSpec.java("one", "burst"), open);
        faas.functions().register(FunctionSpec.java("two", "burst"), open);
        faas.dispatcher().start();
        await().atMost(WAIT).until(() -> count("one") == events && count("two") == events);

        List<Invocation> all = faas.invocations().query(InvocationQuery.builder().limit(1000).build()).items();
        assertThat(all).hasSize(2 * events).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED);
        assertThat(all.stream().map(Invocation::eventId).distinct()).containsExactlyInAnyOrderElementsOf(ids);
    }

    private long countIn(FaasSettings s, String function) {
        try (Faas reader = TestFaas.create(FaasSettings.builder(s).build())) {
            return reader.invocations().query(InvocationQuery.builder().function(function).limit(1000).build())
                    .items().size();
        }
    }

    @Test
    void readingPausesWhileTooManyEventsAreInFlight() throws Exception {
        FaasSettings bounded = FaasSettings.builder(settings)
                .kafkaProperty("max.poll.records", "5")
                .dispatcher(io.faas.core.DispatcherSettings.builder(settings.dispatcher()).maxInFlight(10).build())
                .build();
        faas.close();
        faas = TestFaas.create(bounded);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        faas.topics().create(new Topic("bounded", 1, Ordering.NONE));
        faas.functions().register(FunctionSpec.java("held", "bounded"), (e, ctx) -> {
            started.incrementAndGet();
            gate.await();
            return "released";
        });
        faas.dispatcher().start();
        for (int i = 0; i < 100; i++) {
            faas.publisher().publish("bounded", "{}");
        }
        await().atMost(WAIT).until(() -> started.get() >= 10);
        // Paused at the bound: no more events are read while those ten are held (one poll of 5 may overshoot).
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> started.get() <= 15 && ((io.faas.core.FaasClient) faas).inFlight() <= 15);
        gate.countDown();
        await().atMost(WAIT).until(() -> count("held") == 100);
        assertThat(started.get()).isEqualTo(100);
    }
}
