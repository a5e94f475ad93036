package io.faas.core.it;

import io.faas.api.Delivery;
import io.faas.api.DestinationHeaders;
import io.faas.api.Faas;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.PublishReceipt;
import io.faas.api.Topic;
import io.faas.api.TopicInUseException;
import io.faas.api.TopicNotFoundException;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Result destinations and chains: onSuccess, onFailure, the hop limit, the chain in the ledger. */
@FaasTest
class DestinationsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<Invocation> records(Faas faas, InvocationQuery.Builder query) {
        return faas.invocations().query(query.limit(1000).build()).items();
    }

    private static List<Invocation> chain(Faas faas, String rootEventId) {
        return records(faas, InvocationQuery.builder().eventId(rootEventId));
    }

    @Test
    void aResultTriggersTheNextFunctionWithItsKeyHeadersAndRoot(FaasTestServers servers) {
        Map<String, Map<String, String>> seenHeaders = new ConcurrentHashMap<>();
        try (Faas faas = TestFaas.create(TestFaas.settings(servers).build())) {
            faas.topics().create(Topic.of("dest-orders", 2));
            faas.topics().create(Topic.of("dest-priced", 2));
            faas.functions().register(FunctionSpec.builder("price").runtime(FunctionRuntime.JAVA)
                    .topics("dest-orders").onSuccess("dest-priced").build(), (e, ctx) -> {
                @SuppressWarnings("unchecked") Map<String, Object> order = (Map<String, Object>) e;
                return Map.of("id", order.get("id"), "total", 42);
            });
            faas.functions().register(FunctionSpec.java("ship", "dest-priced"), (e, ctx) -> {
                seenHeaders.put(ctx.eventId(), ctx.headers());
                return e; // the priced order as it arrived
            });
            faas.dispatcher().start();
            PublishReceipt receipt = faas.publisher().publish("dest-orders", "order-7", "{\"id\":7}");

            await().atMost(WAIT).until(() -> chain(faas, receipt.eventId()).size() == 2);
            Invocation price = only(records(faas, InvocationQuery.builder().function("price")));
            Invocation ship = only(records(faas, InvocationQuery.builder().function("ship")));
            assertThat(price.status()).isEqualTo(InvocationStatus.SUCCEEDED);
            assertThat(price.rootEventId()).isEqualTo(receipt.eventId());
            assertThat(price.hops()).isZero();
            Delivery sent = price.destination();
            assertThat(sent.succeeded()).isTrue();
            assertThat(sent.topic()).isEqualTo("dest-priced");
            // the destination record is the event 'ship' ran on
            assertThat(ship.topic()).isEqualTo(sent.topic());
            assertThat(ship.partition()).isEqualTo(sent.partition());
            assertThat(ship.offset()).isEqualTo(sent.offset());
            assertThat(ship.key()).isEqualTo("order-7");
            assertThat(ship.rootEventId()).isEqualTo(receipt.eventId());
            assertThat(ship.hops()).isEqualTo(1);
            assertThat(ship.destination()).as("'ship' has no destination").isNull();
            assertThat(ship.result()).isEqualTo(price.result()).contains("\"total\":42");
            Map<String, String> headers = seenHeaders.get(ship.eventId());
            assertThat(headers).containsEntry(DestinationHeaders.CAUSE_EVENT_ID, receipt.eventId())
                    .containsEntry(DestinationHeaders.ROOT_EVENT_ID, receipt.eventId())
                    .containsEntry(DestinationHeaders.FUNCTION, "price")
                    .containsEntry(DestinationHeaders.FUNCTION_VERSION, "1")
                    .containsEntry(DestinationHeaders.STATUS, "SUCCEEDED")
                    .containsEntry(DestinationHeaders.HOPS, "1");
            assertThat(ship.eventId()).isNotEqualTo(receipt.eventId());
            // the chain, from its first event: both records; from the second event: only its own
            assertThat(chain(faas, receipt.eventId())).extracting(Invocation::function)
                    .containsExactlyInAnyOrder("price", "ship");
            assertThat(chain(faas, ship.eventId())).extracting(Invocation::function).containsExactly("ship");
        }
    }

    @Test
    void aFailureSendsItsDocumentAndIsDeadLetteredToo(FaasTestServers servers) {
        FaasSettings settings = TestFaas.settings(servers).build();
        try (Faas faas = TestFaas.create(settings)) {
            faas.topics().create(Topic.of("dest-in", 1));
            faas.topics().create(Topic.of("dest-failures", 1));
            faas.functions().register(FunctionSpec.builder("breaks").runtime(FunctionRuntime.JAVA).topics("dest-in")
                    .maxAttempts(2).backoff(new io.faas.api.Backoff(Duration.ofMillis(10), 1.0, Duration.ofMillis(10)))
                    .onSuccess("dest-in").onFailure("dest-failures").build(), (e, ctx) -> {
                throw new IllegalStateException("no stock for " + ((Map<?, ?>) e).get("sku"));
            });
            faas.functions().register(FunctionSpec.java("alert", "dest-failures"), (e, ctx) -> e);
            faas.dispatcher().start();
            PublishReceipt receipt = faas.publisher().publish("dest-in", "k1", "{\"sku\":\"A-1\"}");

            await().atMost(WAIT).until(() -> chain(faas, receipt.eventId()).size() == 2);
            Invocation breaks = only(records(faas, InvocationQuery.builder().function("breaks")));
            assertThat(breaks.status()).isEqualTo(InvocationStatus.FAILED);
            assertThat(breaks.destination().topic()).isEqualTo("dest-failures");
            Invocation alert = only(records(faas, InvocationQuery.builder().function("alert")));
            assertThat(alert.key()).isEqualTo("k1");
            assertThat(alert.hops()).isEqualTo(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) io.faas.core.internal.json.Json.decode(alert.result());
            assertThat(doc).containsEntry("function", "breaks").containsEntry("status", "FAILED")
                    .containsEntry("attempts", 2).containsEntry("eventId", receipt.eventId())
                    .containsEntry("topic", "dest-in").containsEntry("event", Map.of("sku", "A-1"));
            assertThat(doc.get("error")).isEqualTo(Map.of("type", "java.lang.IllegalStateException",
                    "message", "no stock for A-1"));
            // the dead-letter topic still gets the event
            List<ConsumerRecord<String, String>> dead = TestFaas.readAll(servers,
                    settings.dispatcher().deadLetterTopic(), 1, WAIT);
            assertThat(dead).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("{\"sku\":\"A-1\"}"));
        }
    }

    @Test
    void aLoopEndsAtMaxHopsWithChainTooDeep(FaasTestServers servers) {
        FaasSettings base = TestFaas.settings(servers).build();
        FaasSettings settings = FaasSettings.builder(base)
                .dispatcher(DispatcherSettings.builder(base.dispatcher()).maxHops(3).build()).build();
        try (Faas faas = TestFaas.create(settings)) {
            faas.topics().create(Topic.of("dest-loop", 1));
            faas.functions().register(FunctionSpec.builder("echo").runtime(FunctionRuntime.JAVA).topics("dest-loop")
                    .onSuccess("dest-loop").onFailure("dest-loop").build(), (e, ctx) -> e);
            faas.dispatcher().start();
            PublishReceipt receipt = faas.publisher().publish("dest-loop", null, "{\"n\":1}");

            // hops 0, 1, 2, 3 run; the event at hop 4 ends the chain
            await().atMost(WAIT).until(() -> chain(faas, receipt.eventId()).stream()
                    .anyMatch(i -> i.status() == InvocationStatus.FAILED));
            List<Invocation> chain = chain(faas, receipt.eventId()).stream()
                    .sorted(Comparator.comparingInt(Invocation::hops)).toList();
            assertThat(chain).extracting(Invocation::hops).containsExactly(0, 1, 2, 3, 4);
            assertThat(chain.subList(0, 4)).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED
                    && i.destination() != null && i.destination().succeeded());
            Invocation last = chain.get(4);
            assertThat(last.error().type()).isEqualTo("ChainTooDeep");
            assertThat(last.attempts()).isZero();
            assertThat(last.destination()).as("the end of a chain sends nothing").isNull();
            // nothing after it: the topic holds the published event and four destination records
            assertThat(TestFaas.readAll(servers, "dest-loop", 6, Duration.ofSeconds(3))).hasSize(5);
            assertThat(chain(faas, receipt.eventId())).hasSize(5);
        }
    }

    @Test
    void destinationsMustBeRegisteredTopicsAndKeepTheirTopicsFromDeletion(FaasTestServers servers) {
        try (Faas faas = TestFaas.create(TestFaas.settings(servers).build())) {
            faas.topics().create(Topic.of("dest-src", 1));
            faas.topics().create(Topic.of("dest-out", 1));
            assertThatThrownBy(() -> faas.functions().register(FunctionSpec.builder("lost").runtime(FunctionRuntime.JAVA)
                    .topics("dest-src").onSuccess("dest-nowhere").build(), (e, ctx) -> e))
                    .isInstanceOf(TopicNotFoundException.class).hasMessageContaining("dest-nowhere");
            assertThat(faas.functions().get("lost")).isEmpty();
            faas.functions().register(FunctionSpec.builder("sends").runtime(FunctionRuntime.JAVA).topics("dest-src")
                    .onFailure("dest-out").build(), (e, ctx) -> e);
            assertThat(faas.functions().get("sends").orElseThrow().spec().destinations().onFailure())
                    .isEqualTo("dest-out");
            assertThatThrownBy(() -> faas.topics().delete("dest-out")).isInstanceOf(TopicInUseException.class)
                    .hasMessageContaining("sends");
            faas.functions().delete("sends");
            faas.topics().delete("dest-out");
            assertThat(faas.topics().get("dest-out")).isEmpty();
        }
        assertThatThrownBy(() -> FunctionSpec.builder("bad").onSuccess("not a topic").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onSuccess");
    }

    private static Invocation only(List<Invocation> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
