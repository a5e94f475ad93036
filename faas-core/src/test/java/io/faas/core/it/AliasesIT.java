package io.faas.core.it;

import io.faas.api.Alias;
import io.faas.api.AliasInUseException;
import io.faas.api.AliasNotFoundException;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.PublishReceipt;
import io.faas.api.ShadowComparison;
import io.faas.api.Subscription;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Aliases: subscriptions run an alias's version, a move is a rollback, canaries stick to keys, shadows compare. */
@FaasTest
class AliasesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<Invocation> records(FaasClient faas, String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(1000).build()).items();
    }

    private static Invocation recordOf(FaasClient faas, String function, PublishReceipt receipt) {
        await().atMost(WAIT).until(() -> records(faas, function).stream()
                .anyMatch(i -> i.eventId().equals(receipt.eventId()) && i.status().isFinal()));
        return records(faas, function).stream().filter(i -> i.eventId().equals(receipt.eventId())).findFirst()
                .orElseThrow();
    }

    private static String returning(String value) {
        return "def handler(event, context):\n    return " + value + "\n";
    }

    private static FunctionSpec onAlias(String name, String topic, String alias) {
        return FunctionSpec.builder(name).runtime(FunctionRuntime.PYTHON).maxAttempts(1)
                .subscribe(Subscription.of(topic).withAlias(alias)).build();
    }

    @Test
    void aSubscriptionRunsItsAliasAndMovingTheAliasRollsBack(FaasTestServers servers) {
        try (FaasClient faas = FaasClients.create(TestFaas.settings(servers).build())) {
            faas.topics().create(Topic.of("alias-orders", 2));
            faas.functions().register(FunctionSpec.python("greet", "alias-orders"), returning("{'v': 1}"));
            faas.functions().update(FunctionSpec.python("greet", "alias-orders"), returning("{'v': 2}"));
            // a subscription may name only an alias that exists
            assertThatThrownBy(() -> faas.functions().update(onAlias("greet", "alias-orders", "live"),
                    returning("{'v': 3}"))).isInstanceOf(InvalidFunctionException.class)
                    .hasMessageContaining("alias 'live'");
            assertThat(faas.aliases().set("greet", Alias.of("live", 1))).isEqualTo(Alias.of("live", 1));
            faas.functions().update(onAlias("greet", "alias-orders", "live"), returning("{'v': 3}"));
            faas.dispatcher().start();

            Invocation first = recordOf(faas, "greet", faas.publisher().publish("alias-orders", "a", "{}"));
            assertThat(first.version()).isEqualTo(1);
            assertThat(first.result()).isEqualTo("{\"v\":1}");

            faas.aliases().set("greet", Alias.of("live", 3));
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    recordOf(faas, "greet", faas.publisher().publish("alias-orders", "b", "{}")).version()).isEqualTo(3));

            // rollback: one call, and the next event runs version 1 again
            faas.aliases().set("greet", Alias.of("live", 1));
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    recordOf(faas, "greet", faas.publisher().publish("alias-orders", "c", "{}")).result())
                    .isEqualTo("{\"v\":1}"));

            assertThat(faas.aliases().list("greet")).containsExactly(Alias.of("live", 1));
            assertThat(faas.functions().get("greet").orElseThrow().spec().subscriptions())
                    .extracting(Subscription::alias).containsExactly("live");
            // refusals
            assertThatThrownBy(() -> faas.aliases().set("greet", Alias.of("live", 99)))
                    .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("version 99 does not exist");
            assertThatThrownBy(() -> Alias.of(Alias.LATEST, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> faas.aliases().delete("greet", "live")).isInstanceOf(AliasInUseException.class)
                    .hasMessageContaining("alias-orders");
            assertThatThrownBy(() -> faas.aliases().delete("greet", "nope")).isInstanceOf(AliasNotFoundException.class);
            assertThatThrownBy(() -> faas.aliases().list("nobody")).isInstanceOf(FunctionNotFoundException.class);
            faas.functions().register(FunctionSpec.builder("javaOne").runtime(FunctionRuntime.JAVA).build(),
                    (event, ctx) -> event);
            assertThatThrownBy(() -> faas.aliases().set("javaOne", Alias.of("live", 1)))
                    .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("Python");

            // back on latest, the alias can go; a function deleted takes its aliases with it
            faas.functions().update(FunctionSpec.python("greet", "alias-orders"), returning("{'v': 4}"));
            faas.aliases().delete("greet", "live");
            assertThat(faas.aliases().list("greet")).isEmpty();
            faas.aliases().set("greet", Alias.of("stable", 2));
            faas.functions().delete("greet");
            faas.functions().register(FunctionSpec.python("greet"), returning("{'v': 'new'}"));
            assertThat(faas.aliases().list("greet")).isEmpty();
        }
    }

    @Test
    void anAliasRunsAnEarlierVersionOfAPackage(FaasTestServers servers) {
        try (FaasClient faas = FaasClients.create(TestFaas.settings(servers).build())) {
            faas.topics().create(Topic.of("alias-packaged", 1));
            FunctionSpec spec = FunctionSpec.builder("packaged").runtime(FunctionRuntime.PYTHON)
                    .handler("app.main.handle").build();
            faas.functions().register(spec, PackagesIT.zip(Map.of("app/__init__.py", new byte[0],
                    "app/main.py", "from app.value import V\ndef handle(event, context):\n    return {'v': V}\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "app/value.py", "V = 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))), io.faas.api.Secrets.none());
            faas.functions().update(spec, PackagesIT.zip(Map.of("app/__init__.py", new byte[0],
                    "app/main.py", "from app.value import V\ndef handle(event, context):\n    return {'v': V}\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "app/value.py", "V = 2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))), io.faas.api.Secrets.none());
            faas.aliases().set("packaged", Alias.of("live", 1).withShadow(2));
            faas.functions().update(spec.toBuilder().subscribe(Subscription.of("alias-packaged").withAlias("live"))
                    .build(), PackagesIT.zip(Map.of("app/__init__.py", new byte[0],
                    "app/main.py", "def handle(event, context):\n    return {'v': 3}\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))), io.faas.api.Secrets.none());
            faas.dispatcher().start();

            Invocation run = recordOf(faas, "packaged", faas.publisher().publish("alias-packaged", "k", "{}"));
            assertThat(run.version()).isEqualTo(1);
            assertThat(run.result()).isEqualTo("{\"v\":1}");
            await().atMost(WAIT).until(() -> faas.aliases().compareShadow("packaged", "live", 10).compared() == 1);
            assertThat(faas.aliases().compareShadow("packaged", "live", 10).differences())
                    .singleElement().satisfies(d -> assertThat(d.shadowResult()).isEqualTo("{\"v\":2}"));
        }
    }

    @Test
    void aCanaryTakesItsShareOfKeysAndEachKeyStaysOnOneVersion(FaasTestServers servers) {
        try (FaasClient faas = FaasClients.create(TestFaas.settings(servers).build())) {
            faas.topics().create(Topic.of("alias-canary", 3));
            faas.functions().register(FunctionSpec.python("price"), returning("{'v': 1}"));
            faas.functions().update(FunctionSpec.python("price"), returning("{'v': 2}"));
            Alias alias = faas.aliases().set("price", Alias.of("live", 1).withCanary(2, 30));
            faas.functions().update(onAlias("price", "alias-canary", "live"), returning("{'v': 3}"));
            faas.dispatcher().start();
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < 20; k++) {
                    faas.publisher().publish("alias-canary", "customer-" + k, "{}");
                }
            }
            await().atMost(WAIT).until(() -> records(faas, "price").stream()
                    .filter(i -> i.status().isFinal()).count() == 40);

            Map<String, List<Integer>> versionsByKey = records(faas, "price").stream().collect(
                    Collectors.groupingBy(Invocation::key, Collectors.mapping(Invocation::version, Collectors.toList())));
            assertThat(versionsByKey).hasSize(20);
            Map<Integer, Integer> keysPerVersion = new HashMap<>();
            versionsByKey.forEach((key, versions) -> {
                assertThat(versions).as("both events of " + key).hasSize(2)
                        .containsOnly(alias.versionFor(key));
                keysPerVersion.merge(versions.get(0), 1, Integer::sum);
            });
            assertThat(keysPerVersion.keySet()).as("both versions ran").containsExactlyInAnyOrder(1, 2);
            assertThat(records(faas, "price")).allSatisfy(i -> assertThat(i.result())
                    .isEqualTo("{\"v\":" + i.version() + "}"));
        }
    }

    @Test
    void aShadowRunsOnTheSameEventsApartAndIsComparedWithThePrimary(FaasTestServers servers) {
        FaasSettings settings = TestFaas.settings(servers).build();
        try (FaasClient faas = FaasClients.create(settings)) {
            faas.topics().create(Topic.of("alias-shadowed", 2));
            faas.topics().create(Topic.of("alias-results", 1));
            faas.functions().register(FunctionSpec.builder("score").runtime(FunctionRuntime.PYTHON).maxAttempts(1)
                    .onSuccess("alias-results").onFailure("alias-results").build(),
                    "def handler(event, context):\n    return {'score': event['n'] * 2}\n");
            // version 2: the same score but for 3 (an error) and 5 (another result), and keys in another order
            faas.functions().update(FunctionSpec.builder("score").runtime(FunctionRuntime.PYTHON).maxAttempts(1)
                    .onSuccess("alias-results").onFailure("alias-results").build(), """
                    def handler(event, context):
                        n = event['n']
                        if n == 3:
                            raise ValueError('three')
                        return {'extra': None, 'score': n * 2 + (1 if n == 5 else 0)} if n == 5 else {'score': n * 2}
                    """);
            faas.aliases().set("score", Alias.of("live", 1).withShadow(2));
            faas.functions().update(FunctionSpec.builder("score").runtime(FunctionRuntime.PYTHON).maxAttempts(1)
                    .onSuccess("alias-results").onFailure("alias-results")
                    .subscribe(Subscription.of("alias-shadowed").withAlias("live")).build(),
                    "def handler(event, context):\n    return {'score': event['n'] * 2}\n");
            faas.dispatcher().start();
            Map<Integer, String> eventIds = new HashMap<>();
            for (int n = 1; n <= 6; n++) {
                eventIds.put(n, faas.publisher().publish("alias-shadowed", "k" + n, "{\"n\":" + n + "}").eventId());
            }
            await().atMost(WAIT).until(() -> faas.aliases().compareShadow("score", "live", 100).compared() == 6);

            ShadowComparison c = faas.aliases().compareShadow("score", "live", 100);
            assertThat(c.shadowVersion()).isEqualTo(2);
            assertThat(c.same()).isEqualTo(4);
            assertThat(c.different()).isEqualTo(2);
            assertThat(c.unpaired()).isZero();
            assertThat(c.primary().versions()).containsExactly(1);
            assertThat(c.primary().failed()).isZero();
            assertThat(c.shadow().versions()).containsExactly(2);
            assertThat(c.shadow().failed()).isEqualTo(1);
            assertThat(c.shadow().errorRate()).isCloseTo(1 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(c.primary().p95Millis()).isGreaterThanOrEqualTo(c.primary().p50Millis());
            assertThat(c.differences()).extracting(ShadowComparison.Difference::eventId)
                    .containsExactlyInAnyOrder(eventIds.get(3), eventIds.get(5));
            ShadowComparison.Difference three = c.differences().stream()
                    .filter(d -> d.eventId().equals(eventIds.get(3))).findFirst().orElseThrow();
            assertThat(three.primaryStatus()).isEqualTo(InvocationStatus.SUCCEEDED);
            assertThat(three.shadowStatus()).isEqualTo(InvocationStatus.FAILED);
            assertThat(three.shadowError()).isEqualTo("ValueError");

            // the ledger holds the primary's six records only; the destination got six outcomes, all version 1's
            assertThat(records(faas, "score")).hasSize(6).allMatch(i -> i.version() == 1
                    && i.status() == InvocationStatus.SUCCEEDED);
            // (each read waits its whole time for records that should not be there)
            List<ConsumerRecord<String, String>> sent = TestFaas.readAll(servers, "alias-results", 12,
                    Duration.ofSeconds(8));
            assertThat(sent).hasSize(6).allSatisfy(r -> assertThat(r.value()).doesNotContain("ValueError"));
            // the shadow's failure was not dead-lettered
            assertThat(TestFaas.readAll(servers, settings.dispatcher().deadLetterTopic(), 1, Duration.ofSeconds(5)))
                    .isEmpty();
            assertThatThrownBy(() -> faas.aliases().compareShadow("score", "none", 10))
                    .isInstanceOf(AliasNotFoundException.class);
            faas.aliases().set("score", Alias.of("live", 1));
            assertThatThrownBy(() -> faas.aliases().compareShadow("score", "live", 10))
                    .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("no shadow");
        }
    }
}
