package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Version history and invocation statistics, the endpoints behind the web UI's function pages. */
class FunctionStatsIT extends AbstractAdminIT {

    @Test
    void versionsAreListedOldestFirstWithTheirSource() {
        String topic = topic();
        String name = unique("hist");
        assertThat(http.post("/api/functions", python(name, topic)).status()).isEqualTo(201);
        Map<String, Object> v2 = python(null, topic);
        v2.put("source", PYTHON.replace("+", "-"));
        assertThat(http.put("/api/functions/" + name, v2).status()).isEqualTo(200);

        Response r = http.get("/api/functions/" + name + "/versions");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode versions = r.json();
        assertThat(versions.size()).isEqualTo(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(versions.get(0).get("source").asString()).contains("event['a'] + event['b']");
        assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("source").asString()).contains("event['a'] - event['b']");
        assertThat(versions.get(1).get("createdAt").asString()).isNotBlank();

        assertProblem(http.get("/api/functions/" + unique("none") + "/versions"), 404, "none");
    }

    @Test
    void statsCountRunsErrorsAndDurationsInBuckets() {
        String topic = topic();
        String ok = doubling(topic);
        String bad = failing(topic);
        for (int n = 1; n <= 3; n++) {
            Response r = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": " + n + "}");
            assertThat(r.json().get("complete").asBoolean()).as(r.toString()).isTrue();
        }

        JsonNode stats = http.get("/api/functions/" + ok + "/stats?window=PT10M&buckets=10").json();
        assertThat(stats.get("function").asString()).isEqualTo(ok);
        assertThat(stats.get("bucketSeconds").asLong()).isEqualTo(60);
        assertThat(stats.get("truncated").asBoolean()).isFalse();
        assertThat(stats.get("lastInvocationAt").asString()).isNotBlank();
        JsonNode totals = stats.get("totals");
        assertThat(totals.get("invocations").asLong()).isEqualTo(3);
        assertThat(totals.get("succeeded").asLong()).isEqualTo(3);
        assertThat(totals.get("errorRate").asDouble()).isZero();
        assertThat(totals.get("p50Ms").asLong()).isNotNegative();
        assertThat(totals.get("p95Ms").asLong()).isGreaterThanOrEqualTo(totals.get("p50Ms").asLong());
        JsonNode buckets = stats.get("buckets");
        assertThat(buckets.size()).isEqualTo(10);
        long sum = 0;
        for (JsonNode b : buckets) {
            sum += b.get("invocations").asLong();
        }
        assertThat(sum).isEqualTo(3);
        assertThat(buckets.get(0).get("errorRate").isNull()).as("an empty bucket is a gap").isTrue();

        JsonNode failing = http.get("/api/functions/" + bad + "/stats").json().get("totals");
        assertThat(failing.get("failed").asLong()).isEqualTo(3);
        assertThat(failing.get("errorRate").asDouble()).isEqualTo(1.0);

        JsonNode summary = http.get("/api/stats?window=PT1H").json();
        JsonNode mine = null;
        for (JsonNode f : summary.get("functions")) {
            if (bad.equals(f.get("function").asString())) {
                mine = f;
            }
        }
        assertThat(mine).as(summary.toString()).isNotNull();
        assertThat(mine.get("totals").get("invocations").asLong()).isEqualTo(3);
        assertThat(mine.get("lastInvocationAt").asString()).isNotBlank();
    }

    @Test
    void aFunctionNeverRunHasEmptyStats() {
        String topic = topic();
        String name = unique("idle");
        assertThat(http.post("/api/functions", python(name, topic)).status()).isEqualTo(201);
        JsonNode stats = http.get("/api/functions/" + name + "/stats").json();
        assertThat(stats.get("totals").get("invocations").asLong()).isZero();
        assertThat(stats.get("totals").get("errorRate").isNull()).isTrue();
        assertThat(stats.get("lastInvocationAt").isNull()).isTrue();
        assertThat(stats.get("buckets").size()).isEqualTo(30);
    }

    @Test
    void statsErrors() {
        String topic = topic();
        String name = unique("st");
        assertThat(http.post("/api/functions", python(name, topic)).status()).isEqualTo(201);
        assertProblem(http.get("/api/functions/" + unique("none") + "/stats"), 404, "none");
        assertProblem(http.get("/api/functions/" + name + "/stats?window=soon"), 400, "window");
        assertProblem(http.get("/api/functions/" + name + "/stats?window=P60D"), 400, "31 days");
        assertProblem(http.get("/api/functions/" + name + "/stats?buckets=0"), 400, "buckets");
        assertProblem(http.get("/api/functions/" + name + "/stats?buckets=many"), 400, "buckets");
        assertProblem(http.get("/api/stats?window=-PT1H"), 400, "window");
    }
}
