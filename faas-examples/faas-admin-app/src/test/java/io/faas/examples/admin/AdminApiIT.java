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

/** The REST contract over HTTP: topics, functions, events, the ledger and every error status. */
class AdminApiIT extends AbstractAdminIT {

    @Test
    void theRootPageIsTheWebUiAndApiHtmlListsTheApi() {
        Response ui = http.get("/");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.contentType()).startsWith("text/html");
        assertThat(ui.body()).contains("/app/main.js", "/api.html");
        Response r = http.get("/api.html");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body()).contains("/api/topics", "/api/functions", "/api/invocations", "/api/validate",
                "/api/stats");
    }

    @Test
    void topicsAreCreatedListedWithTheirFunctionsAndDeleted() {
        String name = unique("maths");
        Response created = http.post("/api/topics", Map.of("name", name, "partitions", 3, "ordering", "KEY"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo(name);
        assertThat(created.json().get("partitions").asInt()).isEqualTo(3);
        assertThat(created.json().get("ordering").asString()).isEqualTo("KEY");

        String fn = unique("add");
        assertThat(http.post("/api/functions", python(fn, name)).status()).isEqualTo(201);
        JsonNode listed = find(http.get("/api/topics").json(), name);
        assertThat(listed.get("functions").toString()).isEqualTo("[\"" + fn + "\"]");

        assertProblem(http.delete("/api/topics/" + name), 409, fn);
        assertThat(http.delete("/api/functions/" + fn).status()).isEqualTo(204);
        assertThat(http.delete("/api/topics/" + name).status()).isEqualTo(204);
        assertThat(find(http.get("/api/topics").json(), name)).isNull();
        assertProblem(http.delete("/api/topics/" + name), 404, name);
    }

    @Test
    void topicErrors() {
        String name = unique("dup");
        assertThat(http.post("/api/topics", Map.of("name", name)).status()).isEqualTo(201);
        assertProblem(http.post("/api/topics", Map.of("name", name)), 409, name);
        assertProblem(http.post("/api/topics", Map.of("name", "no spaces")), 400, "invalid topic name");
        assertProblem(http.post("/api/topics", Map.of("name", "")), 400, "'name' is required");
        assertProblem(http.post("/api/topics", Map.of("name", unique("p"), "partitions", 0)), 400, "partitions");
        assertProblem(http.post("/api/topics", "{\"name\":\"x\",\"partitions\":\"three\"}"), 400, "partitions");
        assertProblem(http.post("/api/topics", Map.of("name", unique("o"), "ordering", "RANDOM")), 400,
                "ordering 'RANDOM' is not one of [KEY, PARTITION, NONE]");
        assertProblem(http.post("/api/topics", "{\"name\": \"x\""), 400, "not valid JSON");
        assertProblem(http.post("/api/topics", "[1, 2]"), 400, "expects");
        assertProblem(http.post("/api/topics", ""), 400, "missing");
        assertProblem(http.post("/api/topics", Map.of("name", "faas.changes")), 400, "reserved");
        assertProblem(http.delete("/api/topics/..."), 404, "");
    }

    @Test
    void pythonFunctionsAreRegisteredUpdatedReadAndDeleted() {
        String topic = topic();
        String name = unique("add");
        Map<String, Object> body = new java.util.LinkedHashMap<>(python(name, topic));
        body.put("timeout", "PT10S");
        body.put("maxAttempts", 2);
        Response created = http.post("/api/functions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode fn = created.json();
        assertThat(fn.get("version").asInt()).isEqualTo(1);
        assertThat(fn.get("runtime").asString()).isEqualTo("python");
        assertThat(fn.get("handler").asString()).isEqualTo("handler");
        assertThat(fn.get("timeout").asString()).isEqualTo("PT10S");
        assertThat(fn.get("maxAttempts").asInt()).isEqualTo(2);
        assertThat(fn.get("ledgerRetention").isNull()).as("the client's default").isTrue();
        assertThat(fn.get("maxConcurrency").asInt()).as("no limit of its own").isZero();

        body.put("source", PYTHON.replace("+", "*"));
        body.put("ledgerRetention", "90d");
        body.put("maxConcurrency", 4);
        Response updated = http.put("/api/functions/" + name, body);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);

        JsonNode one = http.get("/api/functions/" + name).json();
        assertThat(one.get("version").asInt()).isEqualTo(2);
        assertThat(one.get("source").asString()).contains("event['a'] * event['b']");
        assertThat(one.get("ledgerRetention").asString()).isEqualTo("PT2160H");
        assertThat(one.get("maxConcurrency").asInt()).isEqualTo(4);
        JsonNode inList = find(http.get("/api/functions").json(), name);
        assertThat(inList.get("version").asInt()).isEqualTo(2);
        assertThat(inList.has("source")).as("lists leave the source out").isFalse();

        assertThat(http.delete("/api/functions/" + name).status()).isEqualTo(204);
        assertProblem(http.get("/api/functions/" + name), 404, name);
        assertProblem(http.delete("/api/functions/" + name), 404, name);
    }

    @Test
    void theOldUploadFormRegistersAFunction() {
        String topic = topic();
        String other = topic();
        String name = unique("upload");
        Response r = http.upload("/api/functions",
                Map.of("name", name, "topics", topic + "," + other, "handler", "main"), "add.py",
                "def main(event, context):\n    return 1\n");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("handler").asString()).isEqualTo("main");
        assertThat(r.json().get("topics").size()).isEqualTo(2);
        assertThat(http.get("/api/functions/" + name).json().get("source").asString()).startsWith("def main");
        assertProblem(http.upload("/api/functions", Map.of("name", unique("nofile")), null, ""), 400, "");
    }

    @Test
    void functionErrors() {
        String topic = topic();
        String name = unique("fn");
        assertThat(http.post("/api/functions", python(name, topic)).status()).isEqualTo(201);
        assertProblem(http.post("/api/functions", python(name, topic)), 409, name);
        assertProblem(http.post("/api/functions", python(unique("fn"), "no-such-topic")), 404, "no-such-topic");
        assertProblem(http.post("/api/functions", python("1bad", topic)), 400, "invalid function name");
        Map<String, Object> badTimeout = new java.util.LinkedHashMap<>(python(unique("fn"), topic));
        badTimeout.put("timeout", "soon");
        assertProblem(http.post("/api/functions", badTimeout), 400, "timeout");
        Map<String, Object> tooLong = new java.util.LinkedHashMap<>(python(unique("fn"), topic));
        tooLong.put("timeout", "PT1H");
        assertProblem(http.post("/api/functions", tooLong), 400, "timeout");
        Map<String, Object> badRetention = new java.util.LinkedHashMap<>(python(unique("fn"), topic));
        badRetention.put("ledgerRetention", "a while");
        assertProblem(http.post("/api/functions", badRetention), 400, "'ledgerRetention' must be a duration");
        badRetention.put("ledgerRetention", "PT1H");
        assertProblem(http.post("/api/functions", badRetention), 400,
                "ledgerRetention of function '" + badRetention.get("name") + "' must be whole seconds between 1 day");
        badRetention.put("ledgerRetention", "P9999999999D");
        assertProblem(http.post("/api/functions", badRetention), 400, "ledgerRetention");
        Map<String, Object> badConcurrency = new java.util.LinkedHashMap<>(python(unique("fn"), topic));
        badConcurrency.put("maxConcurrency", 10_001);
        assertProblem(http.post("/api/functions", badConcurrency), 400,
                "maxConcurrency of function '" + badConcurrency.get("name") + "' must be between 0 (no limit) and 10000");
        Map<String, Object> java = new java.util.LinkedHashMap<>(python(unique("fn"), topic));
        java.put("runtime", "java");
        assertProblem(http.post("/api/functions", java), 400, "@FaasFunction");
        assertProblem(http.post("/api/functions", "{\"name\":\"x\",\"topics\":\"maths\",\"maxAttempts\":[]}"), 400,
                "wrong type");
        Map<String, Object> noSource = new java.util.LinkedHashMap<>(python(unique("fn"), topic));
        noSource.remove("source");
        assertProblem(http.post("/api/functions", noSource), 400, "'source' is required");
        Map<String, Object> huge = new java.util.LinkedHashMap<>(python(unique("fn"), topic));
        huge.put("source", "x = 1\n" + "#".repeat(1024 * 1024));
        assertProblem(http.post("/api/functions", huge), 413, "limit");
        assertProblem(http.put("/api/functions/" + unique("missing"), python(null, topic)), 404, "does not exist");
        assertProblem(http.put("/api/functions/" + name, python("other", topic)), 400, "path");
        assertProblem(http.postRaw("/api/functions", "text/plain", "name=x".getBytes()), 415, "");
    }

    @Test
    void oversizedRequestsAreRefusedWith413() {
        String topic = topic();
        String big = "x = 1\n" + "#".repeat(1024 * 1024);
        assertProblem(http.upload("/api/functions", Map.of("name", unique("big"), "topics", topic), "big.py", big),
                413, "limit");
        assertProblem(http.upload("/api/functions", Map.of("name", unique("huge"), "topics", topic), "huge.py",
                big.repeat(3)), 413, "");
        assertProblem(http.post("/api/topics", "{\"name\": \"" + "y".repeat(9 * 1024 * 1024) + "\"}"), 413, "limit");
    }

    @Test
    void anEventIsAcceptedAndItsInvocationsAwaited() {
        String topic = topic();
        doubling(topic);
        Response accepted = http.post("/api/topics/" + topic + "/events?key=k1", "{\"n\": 21}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode receipt = accepted.json();
        assertThat(receipt.get("eventId").asString()).isNotBlank();
        assertThat(receipt.get("topic").asString()).isEqualTo(topic);
        assertThat(receipt.get("offset").asLong()).isGreaterThanOrEqualTo(0);

        Response waited = http.post("/api/topics/" + topic + "/events?wait=PT20S&key=k2", "{\"n\": 4}");
        assertThat(waited.status()).as(waited.toString()).isEqualTo(200);
        JsonNode body = waited.json();
        assertThat(body.get("complete").asBoolean()).isTrue();
        JsonNode invocation = body.get("invocations").get(0);
        assertThat(invocation.get("function").asString()).isEqualTo(("double-" + topic));
        assertThat(invocation.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(invocation.get("result").isObject()).as("result is a JSON value").isTrue();
        assertThat(invocation.get("result").get("doubled").asInt()).isEqualTo(8);
        assertThat(invocation.get("event").get("n").asInt()).as("event is a JSON value").isEqualTo(4);
        assertThat(invocation.get("key").asString()).isEqualTo("k2");
        assertThat(invocation.get("logs").asString()).contains("doubling 4");
        assertThat(invocation.get("history").get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        for (String field : List.of("id", "version", "partition", "offset", "eventId", "error", "logsTruncated",
                "attempts", "coldStart", "queuedAt", "startedAt", "finishedAt", "durationMs", "executor", "history",
                "redrives")) {
            assertThat(invocation.has(field)).as(field).isTrue();
        }

        String first = receipt.get("eventId").asString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                http.get("/api/invocations?eventId=" + first).json().get("items").size()).isEqualTo(1));
    }

    @Test
    void eventErrors() {
        String topic = topic();
        assertProblem(http.post("/api/topics/" + unique("nope") + "/events", "{}"), 404, "nope");
        assertProblem(http.post("/api/topics/" + topic + "/events", "{not json"), 400, "not valid JSON");
        assertProblem(http.post("/api/topics/" + topic + "/events", ""), 400, "");
        assertProblem(http.postRaw("/api/topics/" + topic + "/events", "text/plain",
                ("\"" + "x".repeat(1024 * 1024) + "\"").getBytes()), 413, "limit");
        assertProblem(http.post("/api/topics/" + topic + "/events?wait=forever", "{}"), 400, "wait");
        assertProblem(http.post("/api/topics/" + topic + "/events?wait=PT1H", "{}"), 400, "wait");
        assertThat(http.postRaw("/api/topics/" + topic + "/events", "text/plain", "[1,2,3]".getBytes()).status())
                .as("any JSON, whatever the content type").isEqualTo(202);
        Response form = http.postRaw("/api/topics/" + topic + "/events?key=a%20b", "application/x-www-form-urlencoded",
                "{\"n\": 1}".getBytes());
        assertThat(form.status()).as("curl -d sends a form content type: " + form).isEqualTo(202);
    }

    @Test
    void theLedgerIsQueriedNewestFirstPageByPage() {
        String topic = topic();
        String fn = doubling(topic);
        for (int i = 0; i < 5; i++) {
            assertThat(http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": " + i + "}").status())
                    .isEqualTo(200);
        }
        JsonNode page1 = http.get("/api/invocations?function=" + fn + "&limit=2").json();
        assertThat(page1.get("items").size()).isEqualTo(2);
        assertThat(page1.get("next").asString()).isNotBlank();
        JsonNode page2 = http.get("/api/invocations?function=" + fn + "&limit=2&cursor="
                + page1.get("next").asString()).json();
        JsonNode page3 = http.get("/api/invocations?function=" + fn + "&limit=2&cursor="
                + page2.get("next").asString()).json();
        assertThat(page3.get("items").size()).isEqualTo(1);
        assertThat(page3.get("next").isNull()).isTrue();
        List<Integer> ns = new ArrayList<>();
        for (JsonNode page : List.of(page1, page2, page3)) {
            page.get("items").forEach(i -> ns.add(i.get("event").get("n").asInt()));
        }
        assertThat(ns).as("newest first").containsExactly(4, 3, 2, 1, 0);
        assertThat(http.get("/api/invocations?topic=" + topic + "&status=succeeded").json().get("items").size())
                .isEqualTo(5);
        assertThat(http.get("/api/invocations?topic=" + topic + "&status=FAILED").json().get("items").size())
                .isZero();

        String id = page1.get("items").get(0).get("id").asString();
        Response one = http.get("/api/invocations/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("id").asString()).isEqualTo(id);
    }

    @Test
    void ledgerErrors() {
        assertProblem(http.get("/api/invocations?status=DONE"), 400, "status 'DONE' is not one of");
        assertProblem(http.get("/api/invocations?limit=0"), 400, "limit");
        assertProblem(http.get("/api/invocations?limit=ten"), 400, "limit");
        assertProblem(http.get("/api/invocations?limit=1001"), 400, "limit");
        assertProblem(http.get("/api/invocations?cursor=not-a-cursor"), 400, "cursor");
        assertProblem(http.get("/api/invocations?from=yesterday"), 400, "from");
        assertProblem(http.get("/api/invocations/" + unique("x") + ":0:0:f"), 404, "");
        assertProblem(http.post("/api/invocations/" + unique("x") + ":0:0:f/redrive", ""), 404, "");
        assertProblem(http.get("/api/nothing-here"), 404, "");
        assertProblem(http.delete("/api/invocations"), 405, "");
    }

    @Test
    void aFailedInvocationIsRedriven() {
        String topic = topic();
        String fn = flaky(topic);
        FLAKY_FAILS.set(true);
        JsonNode failed = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": 1}").json()
                .get("invocations").get(0);
        assertThat(failed.get("function").asString()).isEqualTo(fn);
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("type").asString()).contains("IllegalStateException");
        assertThat(failed.get("error").get("message").asString()).isEqualTo("not yet");
        String id = failed.get("id").asString();

        FLAKY_FAILS.set(false);
        Response redriven = http.post("/api/invocations/" + id + "/redrive", "");
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo(202);
        assertThat(redriven.json().get("status").asString()).isEqualTo("RUNNING");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(http.get("/api/invocations/" + id).json().get("status").asString()).isEqualTo("SUCCEEDED"));
        assertProblem(http.post("/api/invocations/" + id + "/redrive", ""), 409, "SUCCEEDED");
    }

    @Test
    void healthAndMetricsCoverFaas() {
        String topic = topic();
        doubling(topic);
        assertThat(http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": 1}").status()).isEqualTo(200);
        JsonNode health = http.get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode faas = health.get("components").get("faas");
        assertThat(faas.get("status").asString()).isEqualTo("UP");
        assertThat(faas.get("details").get("kafka").asString()).isEqualTo("UP");
        assertThat(faas.get("details").get("dispatcher").get("running").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response counted = http.get("/actuator/metrics/faas.invocations?tag=function:" + ("double-" + topic));
            assertThat(counted.status()).as(counted.toString()).isEqualTo(200);
            assertThat(counted.json().get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
        });
        assertThat(http.get("/actuator/metrics/faas.invocation.duration").status()).isEqualTo(200);
        assertThat(http.get("/actuator/metrics/faas.dispatcher.consumer.lag").status()).isEqualTo(200);
    }

    @Test
    void anAnnotatedFunctionOfTheAppRunsThroughTheApi() {
        Response r = http.post("/api/topics/greetings/events?wait=PT20S", Map.of("name", "Ada"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("invocations").get(0).get("result").asString()).isEqualTo("hello Ada");
        JsonNode fn = http.get("/api/functions/greet").json();
        assertThat(fn.get("runtime").asString()).isEqualTo("java");
    }
}
