package io.faas.examples.admin;

import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /api/redrives}: the failed records of a function, time range and error type redriven as a job. */
class BulkRedriveIT extends AbstractAdminIT {

    private static final AtomicBoolean BROKEN = new AtomicBoolean(true);

    @Test
    void redrivesTheFailedRecordsOfOneErrorTypeAndReportsProgress() {
        String topic = topic();
        String fn = unique("bulk");
        faasClient.functions().register(FunctionSpec.builder(fn).runtime(FunctionRuntime.JAVA).topics(topic)
                .maxAttempts(1).build(), (event, context) -> {
                    int n = ((Number) ((Map<?, ?>) event).get("n")).intValue();
                    if (n >= 10) {
                        throw new IllegalArgumentException("too big: " + n);
                    }
                    if (BROKEN.get()) {
                        throw new IllegalStateException("not yet: " + n);
                    }
                    return n;
                });
        Instant from = Instant.now().minusSeconds(5);
        List<String> ids = new ArrayList<>();
        for (int n : new int[] {1, 2, 3, 10}) {
            Response r = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": " + n + "}");
            JsonNode inv = r.json().get("invocations").get(0);
            assertThat(inv.get("status").asString()).as(r.toString()).isEqualTo("FAILED");
            ids.add(inv.get("id").asString());
        }
        String stateType = http.get("/api/invocations/" + ids.get(0)).json().get("error").get("type").asString();
        String argumentType = http.get("/api/invocations/" + ids.get(3)).json().get("error").get("type").asString();
        assertThat(stateType).isNotEqualTo(argumentType);
        Instant to = Instant.now().plusSeconds(1);

        JsonNode preview = http.get("/api/redrives/preview?function=" + fn + "&from=" + from + "&to=" + to).json();
        assertThat(preview.get("total").asInt()).isEqualTo(4);
        assertThat(preview.get("byErrorType").get(stateType).asInt()).isEqualTo(3);
        assertThat(preview.get("byErrorType").get(argumentType).asInt()).isEqualTo(1);

        BROKEN.set(false);
        Response started = http.post("/api/redrives", Map.of("function", fn, "from", from.toString(), "to", to.toString(),
                "errorType", stateType));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String job = started.json().get("id").asString();
        assertThat(started.headers().firstValue("Location")).hasValue("http://localhost:" + port + "/api/redrives/" + job);
        assertThat(started.json().get("total").asInt()).isEqualTo(3);

        JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/api/redrives/" + job).json(),
                j -> j.get("state").asString().equals("DONE"));
        assertThat(done.get("done").asInt()).isEqualTo(3);
        assertThat(done.get("redriven").asInt()).isEqualTo(3);
        assertThat(done.get("failed").asInt()).isZero();
        assertThat(done.get("requestedBy").asString()).isEqualTo("bootstrap");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : ids.subList(0, 3)) {
                JsonNode inv = http.get("/api/invocations/" + id).json();
                assertThat(inv.get("status").asString()).as(id).isEqualTo("SUCCEEDED");
                assertThat(inv.get("redrives")).hasSize(1);
            }
        });
        assertThat(http.get("/api/invocations/" + ids.get(3)).json().get("status").asString())
                .as("another error type: not redriven").isEqualTo("FAILED");
        assertThat(http.get("/api/redrives").json().findValuesAsString("id")).contains(job);

        // the same selection again: nothing is left to redrive
        Response again = http.post("/api/redrives", Map.of("function", fn, "from", from.toString(), "to", to.toString(),
                "errorType", stateType));
        assertThat(again.json().get("total").asInt()).isZero();
    }

    @Test
    void unboundedOrMalformedSelectionsAreRefused() {
        Instant now = Instant.now();
        String to = now.toString();
        String from = now.minusSeconds(3600).toString();
        assertProblem(http.post("/api/redrives", Map.of("to", to)), 400, "'from' is required");
        assertProblem(http.post("/api/redrives", Map.of("from", from)), 400, "'to' is required");
        assertProblem(http.post("/api/redrives", Map.of("from", "yesterday", "to", to)), 400, "must be an instant");
        assertProblem(http.post("/api/redrives", Map.of("from", to, "to", from)), 400, "'to' must be after 'from'");
        assertProblem(http.post("/api/redrives", Map.of("from", now.minus(Duration.ofDays(40)).toString(), "to", to)),
                400, "at most 31 days");
        assertProblem(http.post("/api/redrives", "[1]"), 400, "");
        assertProblem(http.post("/api/redrives", "{\"from\": 5"), 400, "not valid JSON");
        assertProblem(http.get("/api/redrives/preview?from=" + from), 400, "'to' is required");
        assertProblem(http.get("/api/redrives/no-such-job"), 404, "no bulk redrive");
        String viewer = http.post("/api/tokens", Map.of("name", unique("bulk-viewer"), "role", "viewer")).json()
                .get("token").asString();
        assertThat(http.as(viewer).get("/api/redrives").status()).isEqualTo(200);
        assertProblem(http.as(viewer).post("/api/redrives", Map.of("from", from, "to", to)), 403, "may not");
    }
}
