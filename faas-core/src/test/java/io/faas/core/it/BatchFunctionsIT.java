package io.faas.core.it;

import io.faas.api.Backoff;
import io.faas.api.Faas;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.internal.json.Json;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Batch functions: a list of events per call, one record per event, per-event failures, order per partition. */
@FaasTest
class BatchFunctionsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(10), 1.0, Duration.ofMillis(10));

    private static List<Invocation> records(Faas faas, String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(1000).build()).items();
    }

    private static int n(Object event) {
        return ((Number) ((Map<?, ?>) event).get("n")).intValue();
    }

    @Test
    void eventsArriveInBatchesInPartitionOrderAndEachGetsItsOwnRecord(FaasTestServers servers) {
        List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());
        List<Integer> batchSizesSeenInContext = Collections.synchronizedList(new ArrayList<>());
        try (Faas faas = TestFaas.create(TestFaas.settings(servers).build())) {
            faas.topics().create(new Topic("batch-in", 1, Ordering.KEY));
            faas.functions().register(FunctionSpec.builder("doubler").runtime(FunctionRuntime.JAVA).topics("batch-in")
                    .batchSize(10).batchWindow(Duration.ofMillis(300)).build(), (events, ctx) -> {
                List<?> list = (List<?>) events;
                calls.add(list.stream().map(BatchFunctionsIT::n).toList());
                batchSizesSeenInContext.add(ctx.batch().size());
                return list.stream().map(e -> Map.of("doubled", n(e) * 2)).toList();
            });
            faas.dispatcher().start();
            for (int i = 0; i < 25; i++) {
                faas.publisher().publish("batch-in", "k" + (i % 3), "{\"n\":" + i + "}");
            }
            await().atMost(WAIT).until(() -> records(faas, "doubler").size() == 25);
            List<Invocation> records = records(faas, "doubler");
            assertThat(records).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED && i.attempts() == 1);
            for (Invocation i : records) { // each event's own result, not its neighbour's
                assertThat(i.result()).isEqualTo("{\"doubled\":" + n(Json.decode(i.event())) * 2 + "}");
                assertThat(i.batchId()).isNotNull();
            }
            Set<String> batchIds = records.stream().map(Invocation::batchId).collect(Collectors.toSet());
            assertThat(batchIds).as("25 events in batches of at most 10").hasSizeBetween(3, 24);
            assertThat(calls).allMatch(c -> c.size() <= 10);
            assertThat(batchSizesSeenInContext).isEqualTo(calls.stream().map(List::size).toList());
            // one partition: the calls saw every event once, in offset (publish) order
            assertThat(calls.stream().flatMap(List::stream).toList())
                    .isEqualTo(java.util.stream.IntStream.range(0, 25).boxed().toList());
        }
    }

    @Test
    void aFailedEventAloneIsRetriedAndAnExceptionFailsTheWholeBatch(FaasTestServers servers) {
        List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());
        try (Faas faas = TestFaas.create(TestFaas.settings(servers).build())) {
            faas.topics().create(new Topic("batch-items", 1, Ordering.PARTITION));
            faas.topics().create(new Topic("batch-whole", 1, Ordering.NONE));
            faas.functions().register(FunctionSpec.builder("picky").runtime(FunctionRuntime.JAVA)
                    .topics("batch-items").batchSize(5).batchWindow(Duration.ofSeconds(2)).maxAttempts(2)
                    .backoff(QUICK).build(), (events, ctx) -> {
                List<Integer> ns = ((List<?>) events).stream().map(BatchFunctionsIT::n).toList();
                calls.add(ns);
                return ns.stream().map(n -> n % 2 == 1 ? (Object) new IllegalArgumentException("odd " + n)
                        : (Object) n).toList();
            });
            faas.functions().register(FunctionSpec.builder("fragile").runtime(FunctionRuntime.JAVA)
                    .topics("batch-whole").batchSize(5).batchWindow(Duration.ofSeconds(2)).maxAttempts(1).build(),
                    (events, ctx) -> {
                        throw new IllegalStateException("all of them");
                    });
            faas.dispatcher().start();
            for (int i = 0; i < 5; i++) {
                faas.publisher().publish("batch-items", null, "{\"n\":" + i + "}");
                faas.publisher().publish("batch-whole", null, "{\"n\":" + i + "}");
            }
            await().atMost(WAIT).until(() -> records(faas, "picky").size() == 5 && records(faas, "fragile").size() == 5);
            Map<Integer, Invocation> picky = records(faas, "picky").stream()
                    .collect(Collectors.toMap(i -> n(Json.decode(i.event())), i -> i));
            for (int n : List.of(0, 2, 4)) {
                assertThat(picky.get(n).status()).isEqualTo(InvocationStatus.SUCCEEDED);
                assertThat(picky.get(n).attempts()).isEqualTo(1);
                assertThat(picky.get(n).result()).isEqualTo(String.valueOf(n));
            }
            for (int n : List.of(1, 3)) {
                assertThat(picky.get(n).status()).isEqualTo(InvocationStatus.FAILED);
                assertThat(picky.get(n).attempts()).isEqualTo(2);
                assertThat(picky.get(n).error().type()).isEqualTo("java.lang.IllegalArgumentException");
                assertThat(picky.get(n).error().message()).isEqualTo("odd " + n);
                assertThat(picky.get(n).history()).hasSize(2);
            }
            assertThat(calls).as("the first call had all five, the retry only the two that failed")
                    .containsExactly(List.of(0, 1, 2, 3, 4), List.of(1, 3));
            assertThat(records(faas, "fragile")).allMatch(i -> i.status() == InvocationStatus.FAILED
                    && i.error().message().equals("all of them") && i.attempts() == 1);
        }
    }

    @Test
    void aPythonBatchHandlerGetsTheListAndMayFailOneEvent(FaasTestServers servers) {
        try (Faas faas = TestFaas.create(TestFaas.settings(servers)
                .python(io.faas.core.PythonSettings.builder().poolSize(1).build()).build())) {
            faas.topics().create(new Topic("batch-py", 1, Ordering.KEY));
            faas.functions().register(FunctionSpec.builder("py-batch").topics("batch-py").batchSize(4)
                    .batchWindow(Duration.ofSeconds(2)).maxAttempts(1).build(), """
                    def handler(events, context):
                        assert [item.key for item in context.batch] == [str(e["n"]) for e in events]
                        return [ValueError("no 2") if e["n"] == 2 else {"n": e["n"], "of": len(events)}
                                for e in events]
                    """);
            faas.functions().register(FunctionSpec.builder("py-wrong").topics("batch-py").batchSize(4)
                    .batchWindow(Duration.ofSeconds(2)).maxAttempts(1).build(), """
                    def handler(events, context):
                        return events[:1]
                    """);
            faas.dispatcher().start();
            for (int i = 0; i < 4; i++) {
                faas.publisher().publish("batch-py", String.valueOf(i), "{\"n\":" + i + "}");
            }
            await().atMost(WAIT).until(() -> records(faas, "py-batch").size() == 4
                    && records(faas, "py-wrong").size() == 4);
            Map<Integer, Invocation> byN = records(faas, "py-batch").stream()
                    .collect(Collectors.toMap(i -> n(Json.decode(i.event())), i -> i));
            assertThat(byN.get(2).status()).isEqualTo(InvocationStatus.FAILED);
            assertThat(byN.get(2).error().type()).isEqualTo("ValueError");
            assertThat(byN.get(2).error().message()).isEqualTo("no 2");
            for (int n : List.of(0, 1, 3)) {
                assertThat(byN.get(n).status()).as(byN.get(n).toString()).isEqualTo(InvocationStatus.SUCCEEDED);
                assertThat(byN.get(n).result()).isEqualTo("{\"n\":" + n + ",\"of\":4}");
            }
            assertThat(records(faas, "py-wrong")).allMatch(i -> i.status() == InvocationStatus.FAILED
                    && i.error().type().equals("BatchResultMismatch") && i.error().message().contains("list of 4"));
        }
    }
}
