package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Aliases over REST: set, subscribe, move back, canary and shadow settings, the comparison; refusals as 4xx. */
class AliasesApiIT extends AbstractAdminIT {

    private Map<String, Object> version(String topic, String returned, Map<String, Object> subscription) {
        Map<String, Object> body = new LinkedHashMap<>(python(null));
        body.put("source", "def handler(event, context):\n    return " + returned + "\n");
        body.put("maxAttempts", 1);
        if (subscription != null) {
            body.put("subscriptions", List.of(subscription));
        } else {
            body.put("topics", List.of(topic));
        }
        return body;
    }

    private JsonNode publishAndWait(String topic, String function) {
        int before = http.get("/api/invocations?function=" + function).json().get("items").size();
        Response r = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{\"n\": 3}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(
                () -> http.get("/api/invocations?function=" + function).json().get("items").size() == before + 1);
        return http.get("/api/invocations?function=" + function).json().get("items").get(0);
    }

    @Test
    void anAliasIsSetRunMovedBackAndShadowed() {
        String topic = topic();
        String name = unique("al");
        Map<String, Object> first = version(topic, "{'v': 1}", null);
        first.put("name", name);
        assertThat(http.post("/api/functions", first).status()).isEqualTo(201);
        assertThat(http.put("/api/functions/" + name, version(topic, "{'v': 2}", null)).status()).isEqualTo(200);

        Response set = http.put("/api/functions/" + name + "/aliases/live", Map.of("version", 1));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("version").asInt()).isEqualTo(1);
        Response onLive = http.put("/api/functions/" + name, version(topic, "{'v': 3}",
                Map.of("topic", topic, "alias", "live")));
        assertThat(onLive.status()).as(onLive.toString()).isEqualTo(200);
        assertThat(onLive.json().get("subscriptions").get(0).get("alias").asString()).isEqualTo("live");

        assertThat(publishAndWait(topic, name).get("version").asInt()).isEqualTo(1);
        http.put("/api/functions/" + name + "/aliases/live", Map.of("version", 3));
        await().atMost(Duration.ofSeconds(60)).until(() -> publishAndWait(topic, name).get("version").asInt() == 3);

        // version 2 in the shadow: same result under another key order is the same
        Response shadowed = http.put("/api/functions/" + name + "/aliases/live", Map.of("version", 3,
                "shadowVersion", 2, "canary", Map.of("version", 1, "weight", 50)));
        assertThat(shadowed.status()).as(shadowed.toString()).isEqualTo(200);
        assertThat(shadowed.json().get("canary").get("weight").asInt()).isEqualTo(50);
        JsonNode listed = http.get("/api/functions/" + name + "/aliases").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("shadowVersion").asInt()).isEqualTo(2);
        publishAndWait(topic, name);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/api/functions/" + name
                + "/aliases/live/shadow").json().get("compared").asInt() >= 1);
        JsonNode comparison = http.get("/api/functions/" + name + "/aliases/live/shadow?limit=10").json();
        assertThat(comparison.get("shadowVersion").asInt()).isEqualTo(2);
        assertThat(comparison.get("shadow").get("versions").get(0).asInt()).isEqualTo(2);
        assertThat(comparison.get("different").asInt()).as(comparison.toString())
                .isEqualTo(comparison.get("compared").asInt()); // {'v': 2} never equals {'v': 1} or {'v': 3}
        assertThat(comparison.get("differences").get(0).get("shadowResult").get("v").asInt()).isEqualTo(2);

        // refusals
        assertProblem(http.put("/api/functions/" + name + "/aliases/live", Map.of("version", 9)), 400,
                "version 9 does not exist");
        assertProblem(http.put("/api/functions/" + name + "/aliases/live", Map.of()), 400, "'version' is required");
        assertProblem(http.put("/api/functions/" + name + "/aliases/latest", Map.of("version", 1)), 400,
                "newest version");
        assertProblem(http.put("/api/functions/" + name + "/aliases/Bad%20Name", Map.of("version", 1)), 400,
                "alias name");
        assertProblem(http.put("/api/functions/" + name + "/aliases/live", Map.of("version", 3,
                "canary", Map.of("version", 1, "weight", 100))), 400, "1 to 99");
        assertProblem(http.delete("/api/functions/" + name + "/aliases/live"), 409, topic);
        assertProblem(http.get("/api/functions/" + name + "/aliases/nope"), 404, "no alias 'nope'");
        assertProblem(http.get("/api/functions/" + unique("missing") + "/aliases"), 404, "does not exist");
        assertProblem(http.get("/api/functions/" + name + "/aliases/live/shadow?limit=0"), 400, "limit");
        assertProblem(http.put("/api/functions/" + name, version(topic, "1", Map.of("topic", topic, "alias", "gone"))),
                400, "alias 'gone'");
        assertProblem(http.put("/api/functions/" + name, version(topic, "1", Map.of("topic", topic, "alias", "No!"))),
                400, "subscriptions[0].alias");

        // back on latest, the alias can be deleted
        assertThat(http.put("/api/functions/" + name, version(topic, "{'v': 5}", null)).status()).isEqualTo(200);
        assertThat(http.delete("/api/functions/" + name + "/aliases/live").status()).isEqualTo(204);
        assertThat(http.get("/api/functions/" + name + "/aliases").json()).isEmpty();
    }
}
