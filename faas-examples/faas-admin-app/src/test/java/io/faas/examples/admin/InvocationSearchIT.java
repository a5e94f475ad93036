package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/invocations?q=}: the ledger searched in results and errors, with the other filters. */
class InvocationSearchIT extends AbstractAdminIT {

    @Test
    void findsRecordsByTextInTheirResultOrErrorWithinTheOtherFilters() {
        String topic = topic();
        String doubler = doubling(topic);
        String failing = failing(topic);
        Instant before = Instant.now().minusSeconds(1);
        for (int n : new int[] {21, 4242}) {
            Response r = http.post("/api/topics/" + topic + "/events?wait=PT20S", "{\"n\": " + n + "}");
            assertThat(r.json().get("complete").asBoolean()).as(r.toString()).isTrue();
        }

        JsonNode byResult = http.get("/api/invocations?topic=" + topic + "&q=8484").json();
        assertThat(byResult.get("items")).hasSize(1);
        assertThat(byResult.get("items").get(0).get("function").asString()).isEqualTo(doubler);
        assertThat(byResult.get("complete").asBoolean()).isTrue();

        JsonNode byError = http.get("/api/invocations?topic=" + topic + "&q=ALWAYS%20FAILS").json();
        assertThat(byError.get("items")).hasSize(2);
        assertThat(byError.get("items").findValuesAsString("function")).containsOnly(failing);

        JsonNode first = http.get("/api/invocations?topic=" + topic + "&q=illegalstate&limit=1").json();
        assertThat(first.get("items")).hasSize(1);
        assertThat(first.get("complete").asBoolean()).isFalse();
        JsonNode second = http.get("/api/invocations?topic=" + topic + "&q=illegalstate&limit=1&cursor="
                + URLEncoder.encode(first.get("next").asString(), StandardCharsets.UTF_8)).json();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("id").asString()).as("the next match, not the same")
                .isNotEqualTo(first.get("items").get(0).get("id").asString());
        assertThat(second.get("items").get(0).get("event").get("n").asInt()).as("older").isEqualTo(21);

        JsonNode none = http.get("/api/invocations?topic=" + topic + "&q=no-such-text-anywhere").json();
        assertThat(none.get("items")).isEmpty();
        assertThat(none.get("next").isNull()).isTrue();

        JsonNode inRange = http.get("/api/invocations?topic=" + topic + "&q=doubled&from="
                + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8) + "&to="
                + URLEncoder.encode(Instant.now().plusSeconds(1).toString(), StandardCharsets.UTF_8)).json();
        assertThat(inRange.get("items")).hasSize(2);
        JsonNode beforeRange = http.get("/api/invocations?topic=" + topic + "&q=doubled&to="
                + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8)).json();
        assertThat(beforeRange.get("items")).isEmpty();
    }

    @Test
    void badSearchesAreRefused() {
        assertProblem(http.get("/api/invocations?q=" + "x".repeat(201)), 400, "longer than 200");
        assertProblem(http.get("/api/invocations?q=x&status=BROKEN"), 400, "is not one of");
        assertProblem(http.get("/api/invocations?q=x&from=yesterday"), 400, "must be an instant");
        assertProblem(http.get("/api/invocations?q=x&limit=0"), 400, "");
        assertProblem(http.get("/api/invocations?q=x&cursor=garbage"), 400, "'cursor' is not one this API returned");
        assertProblem(http.get("/api/invocations?q=x&cursor=s999:"), 400, "'cursor' is not one this API returned");
        String publisher = http.post("/api/tokens", Map.of("name", unique("q-publisher"), "role", "publisher")).json()
                .get("token").asString();
        assertProblem(http.as(publisher).get("/api/invocations?q=x"), 403, "may not do this");
        assertThat(http.as(publisher).get("/api/invocations").status()).isEqualTo(200);
    }
}
