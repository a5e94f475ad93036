package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replays over REST: start, follow to DONE, read its records; refusals as 4xx. */
class ReplayApiIT extends AbstractAdminIT {

    @Test
    void aReplayRunsToDoneAndItsRecordsAreReadApart() {
        String topic = topic();
        String function = doubling(topic);
        for (int n = 1; n <= 3; n++) {
            Response r = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{\"n\": " + n + "}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        Response started = http.post("/api/replays", Map.of("name", "again", "topic", topic, "function", function,
                "fromOffset", 0));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        JsonNode replay = started.json();
        String id = replay.get("id").asString();
        assertThat(replay.get("total").asLong()).isEqualTo(3);
        assertThat(replay.get("status").asString()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/api/replays/" + id).json().get("status").asString().equals("DONE"));
        JsonNode done = http.get("/api/replays/" + id).json();
        assertThat(done.get("done").asLong()).isEqualTo(3);
        assertThat(done.get("failed").asLong()).isZero();
        JsonNode items = http.get("/api/replays/" + id + "/invocations").json().get("items");
        assertThat(items).hasSize(3);
        for (JsonNode item : items) {
            assertThat(item.get("id").asString()).startsWith(id + ":");
            assertThat(item.get("result").get("doubled").asInt()).isEqualTo(2 * item.get("event").get("n").asInt());
        }
        assertThat(http.get("/api/invocations?function=" + function).json().get("items")).as("live records only")
                .hasSize(3);
        assertThat(http.get("/api/replays").json().findValuesAsString("id")).contains(id);
        assertThat(http.post("/api/replays/" + id + "/cancel", Map.of()).json().get("status").asString())
                .as("a finished replay stays as it ended").isEqualTo("DONE");
    }

    @Test
    void badRequestsAreRefusedWithTheirReason() {
        String topic = topic();
        String function = doubling(topic);
        assertProblem(http.post("/api/replays", Map.of("topic", topic, "function", function)), 400, "name");
        assertProblem(http.post("/api/replays", Map.of("name", "x", "topic", topic, "function", function,
                "from", "yesterday")), 400, "'from' must be an instant");
        assertProblem(http.post("/api/replays", Map.of("name", "x", "topic", topic, "function", function,
                "fromOffset", 0, "from", "2026-01-01T00:00:00Z")), 400, "not both");
        assertProblem(http.post("/api/replays", Map.of("name", "x", "topic", unique("nope"), "function", function)),
                404, "nope");
        assertProblem(http.post("/api/replays", Map.of("name", "x", "topic", topic, "function", function,
                "version", 9)), 404, function);
        assertProblem(http.get("/api/replays/no-such"), 404, "no-such");
        assertProblem(http.post("/api/replays/no-such/cancel", Map.of()), 404, "no-such");
        assertProblem(http.get("/api/replays/no-such/invocations"), 404, "no-such");
    }
}
