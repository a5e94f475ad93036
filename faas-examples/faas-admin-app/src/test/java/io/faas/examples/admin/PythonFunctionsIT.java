package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
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
    void aSpecAskingMoreMemoryThanTheOperatorAllowsIsRefusedAndNetworkIsPartOfTheSpec() {
        String topic = topic();
        Map<String, Object> greedy = python(unique("greedy"), topic);
        greedy.put("source", "def handler(event, context):\n    return 1\n");
        greedy.put("memoryLimitMb", 1_000_000);
        assertProblem(http.post("/api/functions", greedy), 400,
                "memoryLimitMb 1000000 is above the most this server allows (1024 MiB)");
        assertProblem(http.get("/api/functions/" + greedy.get("name")), 404, "");

        Map<String, Object> networked = python(unique("networked"), topic);
        networked.put("source", "def handler(event, context):\n    return 1\n");
        networked.put("network", true);
        Response created = http.post("/api/functions", networked);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("network").asBoolean()).isTrue();
        assertThat(http.get("/api/functions/" + networked.get("name")).json().get("network").asBoolean()).isTrue();
    }

    @Test
    void thePoolShowsInHealthAndMetrics() {
        JsonNode faas = http.get("/actuator/health").json().get("components").get("faas");
        assertThat(faas.get("details").get("executors").get("local").get("poolSize").asInt()).isPositive();
        assertThat(http.get("/actuator/metrics/faas.python.pool.size").status()).isEqualTo(200);
        assertThat(http.get("/actuator/metrics/faas.python.workers").status()).isEqualTo(200);
    }

    @Test
    void codeWithErrorsIsRefusedWithDiagnostics() {
        String topic = topic();
        Map<String, Object> body = python(unique("broken"), topic);
        body.put("source", "import os\ndef handler(event, context):\n    return undefined_name\n");
        Response r = http.post("/api/functions", body);
        assertProblem(r, 400, "undefined name 'undefined_name'");
        JsonNode diagnostics = r.json().get("diagnostics");
        assertThat(diagnostics.size()).isEqualTo(2);
        JsonNode error = diagnostics.get(1);
        assertThat(error.get("line").asInt()).isEqualTo(3);
        assertThat(error.get("column").asInt()).isEqualTo(12);
        assertThat(error.get("message").asString()).isEqualTo("undefined name 'undefined_name'");
        assertThat(error.get("severity").asString()).isEqualTo("ERROR");
        assertThat(diagnostics.get(0).get("severity").asString()).isEqualTo("WARNING");

        body.put("source", "def handler(event, context)\n    return 1\n");
        assertThat(http.post("/api/functions", body).json().get("diagnostics").get(0).get("line").asInt())
                .isEqualTo(1);
        assertProblem(http.get("/api/functions/" + body.get("name")), 404, "");
    }

    @Test
    void validateReturnsTheDiagnostics() {
        Response r = http.post("/api/validate", Map.of("source", "import os\ndef handler(event, context):\n    return x\n"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("diagnostics").toString()).isEqualTo("[{\"line\":1,\"column\":1,"
                + "\"message\":\"'os' imported but unused\",\"severity\":\"WARNING\"},{\"line\":3,\"column\":12,"
                + "\"message\":\"undefined name 'x'\",\"severity\":\"ERROR\"}]");
        assertThat(http.post("/api/validate", Map.of("source", PYTHON)).json().get("diagnostics").size()).isZero();
        assertThat(http.post("/api/validate", Map.of("source", PYTHON, "handler", "main")).json()
                .get("diagnostics").size()).as("the handler contract is checked when named").isPositive();
        assertProblem(http.post("/api/validate", Map.of("source", "#".repeat(1024 * 1024 + 1))), 413, "limit");
        assertProblem(http.post("/api/validate", "{\"source\": 42"), 400, "");
    }
}
