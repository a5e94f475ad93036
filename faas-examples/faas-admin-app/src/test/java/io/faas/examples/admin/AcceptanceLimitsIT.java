package io.faas.examples.admin;

import io.faas.api.EventPublisher;
import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the API accepts it can store and read back; what it could not, it refuses at once. */
class AcceptanceLimitsIT extends AbstractAdminIT {

    @Test
    void aNullTopicIs400() {
        String topic = topic();
        Map<String, Object> body = python(unique("f"));
        body.put("topics", Arrays.asList(topic, null));
        assertProblem(http.post("/api/functions", body), 400, "invalid topic name null");
    }

    @Test
    void kafkasRefusalsAreClientErrorsAndLeaveNoTopicBehind() {
        String base = unique("kc");
        assertThat(http.post("/api/topics", Map.of("name", base + ".a")).status()).isEqualTo(201);
        assertProblem(http.post("/api/topics", Map.of("name", base + "_a")), 409, "collides");
        assertProblem(http.post("/api/topics", Map.of("name", base + "-wide", "partitions", 10_000)), 400, "at most 1000");
        String topics = http.get("/api/topics").body();
        assertThat(topics).contains(base + ".a").doesNotContain(base + "_a", base + "-wide");
        // the names are free again: nothing was left claimed
        assertThat(http.post("/api/topics", Map.of("name", base + "-wide", "partitions", 2)).status()).isEqualTo(201);
    }

    @Test
    void aTimeoutUnderAMillisecondIsRefusedNotStoredAsZero() {
        String topic = topic();
        String name = unique("f");
        Map<String, Object> body = python(name, topic);
        body.put("timeout", "PT0.0001S");
        assertProblem(http.post("/api/functions", body), 400, "whole milliseconds");
        body.put("timeout", "PT1.5005S");
        assertProblem(http.post("/api/functions", body), 400, "whole milliseconds");
        assertThat(http.get("/api/functions/" + name).status()).isEqualTo(404);

        body.put("timeout", "PT0.001S");
        assertThat(http.post("/api/functions", body).status()).isEqualTo(201);
        assertThat(http.get("/api/functions/" + name).json().get("timeout").asString()).isEqualTo("PT0.001S");
        assertThat(http.get("/api/functions/" + name + "/versions").status()).isEqualTo(200);
        assertThat(http.get("/api/functions").status()).isEqualTo(200);
        assertThat(http.get("/api/stats").status()).isEqualTo(200);
    }

    @Test
    void theDeepestAcceptedEventCanBeReadBackInALedgerPage() {
        String topic = topic();
        doubling(topic);
        int max = EventPublisher.MAX_PAYLOAD_DEPTH;
        String deepest = "{\"n\": 1, \"deep\": " + "[".repeat(max - 1) + "]".repeat(max - 1) + "}";
        assertProblem(http.post("/api/topics/" + topic + "/events",
                "{\"n\": 1, \"deep\": " + "[".repeat(max) + "]".repeat(max) + "}"), 400, "nested deeper than " + max);

        Response published = http.post("/api/topics/" + topic + "/events?wait=PT30S", deepest);
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        assertThat(published.json().get("complete").asBoolean()).isTrue();

        Response page = http.get("/api/invocations?topic=" + topic);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        JsonNode items = page.json().get("items");
        assertThat(items.size()).isEqualTo(1);
        JsonNode event = items.get(0).get("event");
        assertThat(event.isObject()).as("the event comes back as JSON, not as text").isTrue();
        assertThat(Http.JSON.writeValueAsString(event)).isEqualTo(deepest.replace(" ", ""));
        assertThat(http.get("/api/invocations").status()).isEqualTo(200);
        assertThat(http.get("/api/invocations/" + items.get(0).get("id").asString()).status()).isEqualTo(200);
        List<Integer> sizes = List.of(http.get("/api/invocations?eventId=" + published.json().get("eventId").asString())
                .json().get("items").size());
        assertThat(sizes).containsExactly(1);
    }
}
