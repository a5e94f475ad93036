package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Python functions through the API: validation with diagnostics, runs in the warm pool, failures, timeouts. */
class PythonFunctionsIT extends AbstractAdminIT {

    @Test
    void aPythonFunctionRunsAndItsResultIsAJsonValue() {
        String topic = topic();
        String name = unique("add");
        Map<String, Object> body = python(name, topic);
        body.put("source", "def handler(event, context):\n    print('adding', event['a'], event['b'])\n"
                + "    return {'sum': event['a'] + event['b']}\n");
        assertThat(http.post("/api/functions", body).status()).isEqualTo(201);
        Response r = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{\"a\": 3, \"b\": 4}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode invocation = r.json().get("invocations").get(0);
        assertThat(invocation.get("status").asString()).as(invocation.toString()).isEqualTo("SUCCEEDED");
        assertThat(invocation.get("result").get("sum").asInt()).isEqualTo(7);
        assertThat(invocation.get("logs").asString()).contains("adding 3 4");
        assertThat(invocation.get("executor").asString()).isEqualTo("local");
        assertThat(invocation.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aFailingPythonFunctionRecordsItsError() {
        String topic = topic();
        Map<String, Object> body = python(unique("div"), topic);
        body.put("source", "def handler(event, context):\n    return 1 / 0\n");
        body.put("maxAttempts", 1);
        assertThat(http.post("/api/functions", body).status()).isEqualTo(201);
        JsonNode invocation = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{}").json()
                .get("invocations").get(0);
        assertThat(invocation.get("status").asString()).isEqualTo("FAILED");
        assertThat(invocation.get("error").get("type").asString()).isEqualTo("ZeroDivisionError");
        assertThat(invocation.get("error").get("traceback").asString()).contains("ZeroDivisionError");
        assertThat(invocation.get("result").isNull()).isTrue();
    }

    @Test
    void aTimedOutInvocationIsRedriven() {
        String topic = topic();
        Map<String, Object> body = python(unique("slow"), topic);
        body.put("source", "import time\ndef handler(event, context):\n    time.sleep(event['s'])\n    return 'done'\n");
        body.put("timeout", "PT1S");
        body.put("maxAttempts", 1);
        assertThat(http.post("/api/functions", body).status()).isEqualTo(201);
        JsonNode invocation = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{\"s\": 5}").json()
                .get("invocations").get(0);
        assertThat(invocation.get("status").asString()).isEqualTo("TIMED_OUT");
        String id = invocation.get("id").asString();

        Response redriven = http.post("/api/invocations/" + id + "/redrive", "");
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(202);
        assertThat(redriven.json().get("status").asString()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.get("/api/invocations/" + id).json().get("status").asString()).isEqualTo("TIMED_OUT"));
    }

    @Test
    void thePoolShowsInHealthAndMetrics() {
        JsonNode faas = http.get("/actuator/health").json().get("components").get("faas");
        assertThat(faas.get("details").get("executors").get("local").get("poolSize").asInt()).isPositive();
        assertThat(http.get("/actuator/metrics/faas.python.pool.size").status()).isEqualTo(200);
        assertThat(http.get("/actuator/metrics/faas.python.workers").status()).isEqualTo(200);
    }
}
