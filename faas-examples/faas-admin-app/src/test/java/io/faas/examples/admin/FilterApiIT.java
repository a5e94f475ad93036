package io.faas.examples.admin;

import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.Subscription;
import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Content filters over REST: subscriptions on create and update, the dry run, and the filtered count. */
class FilterApiIT extends AbstractAdminIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return JSON.readValue(json, Map.class);
    }

    private static Map<String, Object> withFilter(Map<String, Object> body, String topic, String filter) {
        body.put("subscriptions", List.of(Map.of("topic", topic, "filter", object(filter))));
        return body;
    }

    @Test
    void subscriptionsAreStoredOnCreateReplacedOnUpdateAndShown() {
        String plain = topic();
        String orders = topic();
        String name = unique("filtered");
        String filter = "{\"type\": [\"created\"], \"amount\": [{\"numeric\": [\">\", 100]}]}";
        Response created = http.post("/api/functions", withFilter(python(name, plain), orders, filter));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        JsonNode fn = http.get("/api/functions/" + name).json();
        assertThat(fn.get("topics").toString()).isEqualTo(sortedPair(plain, orders));
        JsonNode subscriptions = fn.get("subscriptions");
        assertThat(subscriptions).hasSize(2);
        JsonNode filtered = subscriptions.get(0).get("topic").asString().equals(orders) ? subscriptions.get(0)
                : subscriptions.get(1);
        assertThat(filtered.get("filter")).isEqualTo(JSON.readTree(filter));
        JsonNode unfiltered = filtered == subscriptions.get(0) ? subscriptions.get(1) : subscriptions.get(0);
        assertThat(unfiltered.has("filter")).isFalse();
        assertThat(faasClient.functions().get(name).orElseThrow().spec().filterFor(orders)).isPresent();

        Response updated = http.put("/api/functions/" + name, withFilter(python(null, plain), orders,
                "{\"type\": [\"deleted\"]}"));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(faasClient.functions().get(name).orElseThrow().spec().filterFor(orders).orElseThrow().pattern())
                .isEqualTo(Map.of("type", List.of("deleted")));
        Response cleared = http.put("/api/functions/" + name, python(null, plain, orders));
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(faasClient.functions().get(name).orElseThrow().spec().hasFilters()).isFalse();
    }

    private static String sortedPair(String a, String b) {
        return a.compareTo(b) < 0 ? "[\"" + a + "\",\"" + b + "\"]" : "[\"" + b + "\",\"" + a + "\"]";
    }

    @Test
    void anInvalidPatternIsABadRequestNamingTheBadPart() {
        String topic = topic();
        assertProblem(http.post("/api/functions", withFilter(python(unique("bad"), topic), topic,
                "{\"amount\": [{\"numeric\": [\">\"]}]}")), 400, "subscriptions[0].filter.amount: numeric needs");
        assertProblem(http.post("/api/functions", withFilter(python(unique("bad"), topic), topic,
                "{\"a\": {\"$or\": [{\"b\": [1]}, {\"c\": [{\"wildcard\": \"x**\"}]}]}}")), 400,
                "subscriptions[0].filter.a.$or[1].c: wildcard cannot have two '*' in a row");
        Map<String, Object> notObject = python(unique("bad"), topic);
        notObject.put("subscriptions", List.of(Map.of("topic", topic, "filter", "type=created")));
        assertProblem(http.post("/api/functions", notObject), 400, "subscriptions[0].filter: must be a JSON object");
        Map<String, Object> noTopic = python(unique("bad"), topic);
        noTopic.put("subscriptions", List.of(Map.of("filter", Map.of("a", List.of(1)))));
        assertProblem(http.post("/api/functions", noTopic), 400, "'subscriptions[0].topic' is required");
        Map<String, Object> twice = python(unique("bad"), topic);
        twice.put("subscriptions", List.of(Map.of("topic", topic), Map.of("topic", topic)));
        assertProblem(http.post("/api/functions", twice), 400, "twice");
        Map<String, Object> nested = python(unique("bad"), topic);
        nested.put("subscriptions", "orders");
        assertProblem(http.post("/api/functions", nested), 400, "");
    }

    @Test
    void theDryRunMatchesEventsWithTheirKeysAndHeaders() {
        Map<String, Object> body = new HashMap<>();
        body.put("filter", object("{\"type\": [\"created\"], \"$key\": [{\"prefix\": \"vip-\"}],"
                + " \"$headers\": {\"source\": [\"web\"]}}"));
        body.put("events", List.of(
                object("{\"type\": \"created\", \"$key\": \"vip-1\", \"$headers\": {\"source\": \"web\"}}"),
                object("{\"type\": \"created\", \"$key\": \"std-1\", \"$headers\": {\"source\": \"web\"}}"),
                object("{\"type\": \"created\", \"$key\": \"vip-2\"}"),
                "just text", 42));
        Response r = http.post("/api/filters/test", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("matches").toString()).isEqualTo("[true,false,false,false,false]");

        Response all = http.post("/api/filters/test", Map.of("filter", Map.of(), "events", List.of(1, "x")));
        assertThat(all.json().get("matches").toString()).isEqualTo("[true,true]");
        Response none = http.post("/api/filters/test", Map.of("filter", Map.of("a", List.of(1))));
        assertThat(none.json().get("matches").toString()).isEqualTo("[]");
    }

    @Test
    void theDryRunRefusesBadInputAndStrangers() {
        assertProblem(http.post("/api/filters/test", Map.of("filter", object("{\"amount\": [{\"numeric\": [\">\", \"x\"]}]}"),
                "events", List.of())), 400, "filter.amount: numeric needs a number after '>', not text");
        assertProblem(http.post("/api/filters/test", Map.of("events", List.of())), 400, "'filter' is required");
        assertProblem(http.post("/api/filters/test", Map.of("filter", List.of(1))), 400, "filter: must be a JSON object");
        assertProblem(http.post("/api/filters/test", "{\"filter\": {\"a\": [1]}, \"events\": {}}"), 400, "");
        List<Object> many = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            many.add(i);
        }
        assertProblem(http.post("/api/filters/test", Map.of("filter", Map.of("a", List.of(1)), "events", many)), 400,
                "at most 1000");
        assertThat(Http.anonymous(port).post("/api/filters/test", Map.of("filter", Map.of(), "events", List.of()))
                .status()).isEqualTo(401);
    }

    @Test
    void filteredEventsStartNothingAndCountInTheStats() {
        String topic = topic();
        String name = "big-" + topic;
        faasClient.functions().register(FunctionSpec.builder(name).runtime(FunctionRuntime.JAVA)
                .subscribe(Subscription.of(topic, object("{\"amount\": [{\"numeric\": [\">\", 100]}]}"))).build(),
                (event, context) -> "ran");
        for (int amount : new int[] {50, 150, 99, 101}) {
            Response r = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"amount\": " + amount + "}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("complete").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.json().get("invocations")).hasSize(amount > 100 ? 1 : 0);
        }
        // an event no function takes is answered at once, maybe before the dispatcher has read it
        await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/functions/" + name
                + "/stats?window=PT10M").json().get("filtered").asLong() == 2);
        JsonNode stats = http.get("/api/functions/" + name + "/stats?window=PT10M").json();
        assertThat(stats.get("totals").get("invocations").asLong()).isEqualTo(2);
        JsonNode summary = http.get("/api/stats?window=PT1H").json().get("functions");
        JsonNode mine = null;
        for (JsonNode f : summary) {
            if (f.get("function").asString().equals(name)) {
                mine = f;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("filtered").asLong()).isEqualTo(2);
    }
}
