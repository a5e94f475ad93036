package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/saved-events}: named test events per topic or function, stored, listed, replaced and deleted. */
class SavedEventsApiIT extends AbstractAdminIT {

    @Test
    void savesListsReplacesAndDeletesEventsOfATopicAndOfAFunction() {
        String topic = topic();
        String fn = unique("saved");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);

        Response created = http.post("/api/saved-events", Map.of("name", "small order", "topic", topic,
                "payload", Map.of("a", 1, "b", 2), "key", "k1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode event = created.json();
        String id = event.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("http://localhost:" + port + "/api/saved-events/" + id);
        assertThat(event.get("topic").asString()).isEqualTo(topic);
        assertThat(event.get("payload").get("b").asInt()).as("the JSON value, not a string").isEqualTo(2);
        assertThat(event.get("key").asString()).isEqualTo("k1");
        assertThat(event.get("savedBy").asString()).isEqualTo("bootstrap");
        Response forFunction = http.post("/api/saved-events", Map.of("name", "edge case", "function", fn,
                "payload", List.of(1, "two")));
        assertThat(forFunction.status()).as(forFunction.toString()).isEqualTo(201);

        JsonNode ofTopic = http.get("/api/saved-events?topic=" + topic).json();
        assertThat(ofTopic).hasSize(1);
        assertThat(ofTopic.get(0).get("name").asString()).isEqualTo("small order");
        JsonNode ofFunction = http.get("/api/saved-events?function=" + fn).json();
        assertThat(ofFunction).hasSize(1);
        assertThat(ofFunction.get(0).get("payload").get(1).asString()).isEqualTo("two");
        assertThat(http.get("/api/saved-events").json().findValuesAsString("id")).contains(id,
                forFunction.json().get("id").asString());

        Map<String, Object> replaced = new LinkedHashMap<>();
        replaced.put("name", "bigger order");
        replaced.put("payload", Map.of("a", 10, "b", 20));
        Response put = http.put("/api/saved-events/" + id, replaced);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode now = http.get("/api/saved-events/" + id).json();
        assertThat(now.get("name").asString()).isEqualTo("bigger order");
        assertThat(now.get("payload").get("a").asInt()).isEqualTo(10);
        assertThat(now.get("key").isNull()).as("left out: no key").isTrue();

        // the saved payload publishes as it is
        Response published = http.post("/api/topics/" + topic + "/events?wait=PT20S", now.get("payload").toString());
        assertThat(published.json().get("invocations").get(0).get("result").asInt()).isEqualTo(30);

        assertThat(http.delete("/api/saved-events/" + id).status()).isEqualTo(204);
        assertProblem(http.get("/api/saved-events/" + id), 404, "no saved event");
        assertProblem(http.delete("/api/saved-events/" + id), 404, "no saved event");
        assertThat(http.get("/api/saved-events?topic=" + topic).json()).isEmpty();
        JsonNode audit = http.get("/api/audit?limit=100").json().get("items");
        assertThat(audit.findValuesAsString("path")).contains("/api/saved-events", "/api/saved-events/" + id);
    }

    @Test
    void badInputIsRefusedAndLosesNothing() {
        String topic = topic();
        Response created = http.post("/api/saved-events", Map.of("name", "kept", "topic", topic, "payload", Map.of("n", 1)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        assertProblem(http.post("/api/saved-events", Map.of("name", "kept", "topic", topic, "payload", 2)), 409,
                "already has a saved event named 'kept'");
        assertProblem(http.post("/api/saved-events", Map.of("name", "x", "payload", 1)), 400, "'topic' or its 'function'");
        assertProblem(http.post("/api/saved-events", Map.of("name", "x", "topic", topic, "function", "f", "payload", 1)),
                400, "one of them");
        assertProblem(http.post("/api/saved-events", Map.of("name", "x", "topic", topic)), 400, "'payload' is required");
        assertProblem(http.post("/api/saved-events", Map.of("name", "<script>", "topic", topic, "payload", 1)), 400,
                "'name' must be");
        assertProblem(http.post("/api/saved-events", Map.of("topic", topic, "payload", 1)), 400, "'name' is required");
        assertProblem(http.post("/api/saved-events", Map.of("name", "x", "topic", unique("missing"), "payload", 1)), 404, "");
        assertProblem(http.post("/api/saved-events", Map.of("name", "x", "function", unique("missing"), "payload", 1)),
                404, "");
        assertProblem(http.post("/api/saved-events", "{\"name\": \"x\", \"topic\": "), 400, "not valid JSON");
        assertProblem(http.post("/api/saved-events", Map.of("name", "x", "topic", topic, "payload", "x".repeat(1_100_000))),
                413, "over the limit");
        assertProblem(http.put("/api/saved-events/" + id, Map.of("name", "", "payload", 3)), 400, "'name' is required");
        assertProblem(http.put("/api/saved-events/" + id, Map.of("name", "y", "topic", unique("other"), "payload", 3)),
                400, "keeps its topic");
        assertProblem(http.put("/api/saved-events/not-an-id", Map.of("name", "y", "payload", 3)), 404, "no saved event");
        assertProblem(http.get("/api/saved-events?topic=a&function=b"), 400, "not both");

        String viewer = http.post("/api/tokens", Map.of("name", unique("se-viewer"), "role", "viewer")).json()
                .get("token").asString();
        assertThat(http.as(viewer).get("/api/saved-events?topic=" + topic).status()).as("a viewer reads").isEqualTo(200);
        assertProblem(http.as(viewer).post("/api/saved-events", Map.of("name", "v", "topic", topic, "payload", 1)), 403,
                "may not");
        assertProblem(http.as(viewer).delete("/api/saved-events/" + id), 403, "may not");

        JsonNode kept = http.get("/api/saved-events/" + id).json();
        assertThat(kept.get("name").asString()).isEqualTo("kept");
        assertThat(kept.get("payload").get("n").asInt()).isEqualTo(1);
        assertThat(http.get("/api/saved-events?topic=" + topic).json()).hasSize(1);
    }
}
