package io.faas.core.it;

import io.faas.api.FunctionHandler;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.Subscription;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.core.PartitionLag;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Content filters in the dispatcher, on a real broker and MongoDB-wire server. */
@FaasTest
class FilterDispatchIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final FunctionHandler ECHO = (event, ctx) -> Map.of("ok", true);

    private FaasSettings settings;
    private FaasClient faas;

    @BeforeEach
    void start(FaasTestServers servers) {
        settings = TestFaas.settings(servers).build();
        faas = FaasClients.create(settings);
    }

    @AfterEach
    void stop() {
        faas.close();
    }

    private Set<String> recordedEvents(String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(1000).build())
                .items().stream().map(Invocation::eventId).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pattern(String json) {
        return (Map<String, Object>) io.faas.core.internal.json.Json.decode(json);
    }

    @Test
    void aFilteredFunctionRunsOnlyForMatchingEventsAndCountsTheRest() {
        Instant from = Instant.now();
        faas.topics().create(Topic.of("fd-orders", 2));
        faas.functions().register(FunctionSpec.builder("fd-big").runtime(io.faas.api.FunctionRuntime.JAVA)
                .subscribe(Subscription.of("fd-orders",
                        pattern("{\"type\": [\"created\"], \"amount\": [{\"numeric\": [\">\", 100]}]}")))
                .build(), ECHO);
        faas.functions().register(FunctionSpec.builder("fd-vip").runtime(io.faas.api.FunctionRuntime.JAVA)
                .subscribe(Subscription.of("fd-orders",
                        pattern("{\"$key\": [{\"prefix\": \"vip-\"}], \"$headers\": {\"src\": [\"web\"]}}")))
                .build(), ECHO);
        faas.functions().register(FunctionSpec.java("fd-all", "fd-orders"), ECHO);
        faas.dispatcher().start();

        List<String> big = new ArrayList<>();
        List<String> vip = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            big.add(faas.publisher().publish("fd-orders", "k" + i, "{\"type\": \"created\", \"amount\": " + (101 + i) + "}")
                    .eventId());
            faas.publisher().publish("fd-orders", "k" + i, "{\"type\": \"created\", \"amount\": " + (100 - i) + "}");
            faas.publisher().publish("fd-orders", "k" + i, "{\"type\": \"deleted\", \"amount\": 500}");
            vip.add(faas.publisher().publish("fd-orders", "vip-" + i, "[1, 2]", Map.of("src", "web")).eventId());
            faas.publisher().publish("fd-orders", "vip-" + i, "{}", Map.of("src", "app"));
        }

        await().atMost(WAIT).until(() -> recordedEvents("fd-all").size() == 25);
        await().atMost(WAIT).until(() -> PartitionLag.total(faas.consumerLag()) == 0);
        assertThat(recordedEvents("fd-big")).containsExactlyInAnyOrderElementsOf(big);
        assertThat(recordedEvents("fd-vip")).containsExactlyInAnyOrderElementsOf(vip);
        assertThat(faas.filteredEvents()).isEqualTo(20 + 20);
        await().atMost(WAIT).until(() -> faas.filteredEvents("fd-big", from, Instant.now().plusSeconds(60)) == 20);
        assertThat(faas.filteredEvents("fd-vip", from, Instant.now().plusSeconds(60))).isEqualTo(20);
        assertThat(faas.filteredEvents("fd-all", from, Instant.now().plusSeconds(60))).isZero();

        // the counts are in MongoDB: another instance, or this one restarted, reads the same
        faas.close();
        faas = FaasClients.create(settings);
        assertThat(faas.filteredEvents("fd-big", from, Instant.now().plusSeconds(60))).isEqualTo(20);
        assertThat(faas.filteredEvents("fd-big", from.minusSeconds(3600), from.minusSeconds(120))).isZero();
    }

    @Test
    void anEventNoFunctionTakesIsCommittedAndAwaitDoesNotWaitForFilteredFunctions() {
        faas.topics().create(Topic.of("fd-only", 1));
        faas.functions().register(FunctionSpec.builder("fd-only-created").runtime(io.faas.api.FunctionRuntime.JAVA)
                .subscribe(Subscription.of("fd-only", pattern("{\"type\": [\"created\"]}"))).build(), ECHO);
        faas.functions().register(FunctionSpec.java("fd-only-all", "fd-only"), ECHO);
        faas.dispatcher().start();

        long started = System.nanoTime();
        List<Invocation> rejected = faas.publisher().publishAndAwait("fd-only", "{\"type\": \"deleted\"}", WAIT);
        assertThat(rejected).extracting(Invocation::function).containsExactly("fd-only-all");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT.dividedBy(2));
        List<Invocation> accepted = faas.publisher().publishAndAwait("fd-only", "{\"type\": \"created\"}", WAIT);
        assertThat(accepted).extracting(Invocation::function)
                .containsExactlyInAnyOrder("fd-only-all", "fd-only-created");

        faas.functions().delete("fd-only-all");
        for (int i = 0; i < 10; i++) {
            faas.publisher().publish("fd-only", "{\"type\": \"other\"}");
        }
        await().atMost(WAIT).until(() -> faas.filteredEvents() == 11);
        await().atMost(WAIT).until(() -> PartitionLag.total(faas.consumerLag()) == 0);
        assertThat(recordedEvents("fd-only-created")).hasSize(1);
    }
}
