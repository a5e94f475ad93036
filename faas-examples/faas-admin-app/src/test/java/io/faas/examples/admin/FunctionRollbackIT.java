package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/functions/{name}/rollback}: an earlier version's code and settings as a new version. */
class FunctionRollbackIT extends AbstractAdminIT {

    @Test
    void rollsBackToThePreviousVersionOrTheOneAsked() {
        String topic = topic();
        String name = unique("rb");
        assertThat(http.post("/api/functions", python(name, topic)).status()).isEqualTo(201);
        Map<String, Object> v2 = new LinkedHashMap<>(python(null, topic));
        v2.put("source", "def handler(event, context):\n    return 2\n");
        v2.put("timeout", "PT7S");
        Response updated = http.put("/api/functions/" + name, v2);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        Response back = http.post("/api/functions/" + name + "/rollback", "{}");
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        JsonNode v3 = back.json();
        assertThat(v3.get("version").asInt()).isEqualTo(3);
        assertThat(v3.get("source").asString()).isEqualTo(PYTHON);
        assertThat(v3.get("timeout").asString()).isNotEqualTo("PT7S");

        Response forward = http.post("/api/functions/" + name + "/rollback", Map.of("version", 2));
        assertThat(forward.status()).as(forward.toString()).isEqualTo(200);
        assertThat(forward.json().get("version").asInt()).isEqualTo(4);
        assertThat(forward.json().get("timeout").asString()).isEqualTo("PT7S");
        assertThat(http.get("/api/functions/" + name).json().get("source").asString()).contains("return 2");
    }

    @Test
    void refusesWhatCannotBeRolledBack() {
        String topic = topic();
        String name = unique("rb");
        assertThat(http.post("/api/functions", python(name, topic)).status()).isEqualTo(201);
        assertProblem(http.post("/api/functions/" + name + "/rollback", "{}"), 400, "no earlier version");
        assertProblem(http.post("/api/functions/" + name + "/rollback", Map.of("version", 7)), 404, "no version 7");
        assertProblem(http.post("/api/functions/" + name + "/rollback", "{\"version\":\"two\"}"), 400, "");
        assertProblem(http.post("/api/functions/" + unique("missing") + "/rollback", "{}"), 404, "does not exist");
        assertProblem(http.as(token(unique("reader"), "viewer")).post("/api/functions/" + name + "/rollback", "{}"),
                403, "may not");
        assertThat(http.get("/api/functions/" + name).json().get("version").asInt()).isEqualTo(1);
    }

    private String token(String name, String role) {
        Response r = http.post("/api/tokens", Map.of("name", name, "role", role));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("token").asString();
    }
}
