package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Result destinations and batch settings over REST: set, shown, cleared and checked; a chain read
 * back by its first event.
 */
class DestinationsApiIT extends AbstractAdminIT {

    private static final String PLUS_ONE = "def handler(event, context):\n    return {\"n\": event[\"n\"] + 1}\n";

    @Test
    void destinationsAreStoredShownAndClearedOnUpdate() {
        String in = topic();
        String ok = topic();
        String failed = topic();
        String name = unique("dest");
        Map<String, Object> body = python(name, in);
        body.put("onSuccess", ok);
        body.put("onFailure", failed);
        Response created = http.post("/api/functions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode fn = http.get("/api/functions/" + name).json();
        assertThat(fn.get("onSuccess").asString()).isEqualTo(ok);
        assertThat(fn.get("onFailure").asString()).isEqualTo(failed);
        assertThat(faasClient.functions().get(name).orElseThrow().spec().destinations().topics())
                .containsExactlyInAnyOrder(ok, failed);
        // a topic a function sends to cannot be deleted
        assertProblem(http.delete("/api/topics/" + ok), 409, name);

        Response updated = http.put("/api/functions/" + name, python(null, in)); // PUT replaces: none now
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        fn = http.get("/api/functions/" + name).json();
        assertThat(fn.get("onSuccess").isNull()).isTrue();
        assertThat(fn.get("onFailure").isNull()).isTrue();
        assertThat(http.delete("/api/topics/" + ok).status()).isEqualTo(204);
    }

    @Test
    void aDestinationMustBeAValidRegisteredTopic() {
        String in = topic();
        Map<String, Object> unknown = python(unique("dest"), in);
        unknown.put("onSuccess", unique("nowhere"));
        assertProblem(http.post("/api/functions", unknown), 404, "nowhere");
        Map<String, Object> invalid = python(unique("dest"), in);
        invalid.put("onFailure", "no spaces allowed");
        assertProblem(http.post("/api/functions", invalid), 400, "onFailure");
        assertThat(faasClient.functions().list()).noneMatch(f -> f.spec().destinations().onSuccess() != null
                && f.spec().destinations().onSuccess().startsWith("nowhere"));
    }

    @Test
    void theFirstEventIdShowsTheWholeChain() {
        String in = topic();
        String next = topic();
        String name = unique("plus");
        Map<String, Object> body = python(name, in);
        body.put("source", PLUS_ONE);
        body.put("onSuccess", next);
        assertThat(http.post("/api/functions", body).status()).isEqualTo(201);
        String doubling = doubling(next);

        Response accepted = http.post("/api/topics/" + in + "/events?key=k9", "{\"n\": 20}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String eventId = accepted.json().get("eventId").asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/api/invocations?eventId=" + eventId).json().get("items").size() == 2);
        JsonNode items = http.get("/api/invocations?eventId=" + eventId).json().get("items");
        JsonNode first = items.get(0).get("function").asString().equals(name) ? items.get(0) : items.get(1);
        JsonNode second = first == items.get(0) ? items.get(1) : items.get(0);
        assertThat(first.get("hops").asInt()).isZero();
        assertThat(first.get("rootEventId").asString()).isEqualTo(eventId);
        assertThat(first.get("destination").get("topic").asString()).isEqualTo(next);
        assertThat(first.get("destination").has("error")).isTrue();
        assertThat(first.get("destination").get("error").isNull()).isTrue();
        assertThat(second.get("function").asString()).isEqualTo(doubling);
        assertThat(second.get("hops").asInt()).isEqualTo(1);
        assertThat(second.get("rootEventId").asString()).isEqualTo(eventId);
        assertThat(second.get("key").asString()).isEqualTo("k9");
        assertThat(second.get("offset").asLong()).isEqualTo(first.get("destination").get("offset").asLong());
        assertThat(second.get("result").get("doubled").asInt()).isEqualTo(42);
        assertThat(second.has("destination")).as("nothing sent: left out").isFalse();
    }

    @Test
    void batchSettingsAreStoredShownAndChecked() {
        String in = topic();
        String name = unique("batched");
        Map<String, Object> body = python(name, in);
        body.put("source", "def handler(events, context):\n    return [e['a'] + e['b'] for e in events]\n");
        body.put("batchSize", 50);
        body.put("batchWindow", "250ms");
        Response created = http.post("/api/functions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode fn = http.get("/api/functions/" + name).json();
        assertThat(fn.get("batchSize").asInt()).isEqualTo(50);
        assertThat(fn.get("batchWindow").asString()).isEqualTo("PT0.25S");
        assertThat(faasClient.functions().get(name).orElseThrow().spec().batching().window())
                .isEqualTo(Duration.ofMillis(250));

        Map<String, Object> tooBig = python(unique("batched"), in);
        tooBig.put("batchSize", 10_001);
        assertProblem(http.post("/api/functions", tooBig), 400, "batchSize must be between 1 and 10000");
        Map<String, Object> tooLong = python(unique("batched"), in);
        tooLong.put("batchSize", 2);
        tooLong.put("batchWindow", "6s");
        assertProblem(http.post("/api/functions", tooLong), 400, "batchWindow");
        Map<String, Object> notADuration = python(unique("batched"), in);
        notADuration.put("batchWindow", "soon");
        assertProblem(http.post("/api/functions", notADuration), 400, "batchWindow");

        Response accepted = http.post("/api/topics/" + in + "/events?wait=PT30S", "{\"a\": 2, \"b\": 3}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        JsonNode record = accepted.json().get("invocations").get(0);
        assertThat(record.get("result").asInt()).isEqualTo(5);
        assertThat(record.get("batchId").asString()).isNotBlank();
    }
}
