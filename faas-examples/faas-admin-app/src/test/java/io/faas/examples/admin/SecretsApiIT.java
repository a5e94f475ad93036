package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import io.faas.core.FaasSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Environment and secrets over the REST API: secrets are written, used, and never read back or logged. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsApiIT extends AbstractAdminIT {

    @Autowired
    FaasSettings settings;

    @Autowired
    Environment environment;

    private static final String SECRET = "s3cr3t-Api-Value-91";
    private static final String LEAKY = "import os\n"
            + "def handler(event, context):\n"
            + "    print('token', os.environ['TOKEN'])\n"
            + "    if event.get('fail'):\n"
            + "        raise RuntimeError('token was ' + os.environ['TOKEN'])\n"
            + "    return {'mode': os.environ['MODE'], 'token': os.environ['TOKEN']}\n";

    @Test
    void secretsAreUsedByTheFunctionAndNoReadOrLogShowsThem(CapturedOutput output) {
        String topic = topic();
        String name = unique("sec");
        Map<String, Object> body = python(name, topic);
        body.put("source", LEAKY);
        body.put("environment", Map.of("MODE", "fast"));
        body.put("secrets", Map.of("TOKEN", SECRET, "SPARE", "spare-" + SECRET));

        Response created = http.post("/api/functions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("environment").get("MODE").asString()).isEqualTo("fast");
        assertThat(names(created.json().get("secrets"))).containsExactly("SPARE", "TOKEN");

        JsonNode ok = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{}").json().get("invocations").get(0);
        JsonNode failed = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{\"fail\": true}").json()
                .get("invocations").get(0);
        assertThat(ok.get("status").asString()).as(ok.toString()).isEqualTo("SUCCEEDED");
        assertThat(ok.get("result").get("mode").asString()).isEqualTo("fast");
        assertThat(ok.get("result").get("token").asString()).isEqualTo("***");
        assertThat(ok.get("logs").asString()).isEqualTo("token ***\n");
        assertThat(failed.get("error").get("message").asString()).isEqualTo("token was ***");

        Map<String, Object> update = python(name, topic);
        update.put("source", LEAKY);
        assertThat(http.put("/api/functions/" + name, update).status()).isEqualTo(200);
        Map<String, String> removeSpare = new HashMap<>();
        removeSpare.put("SPARE", null);
        update.put("secrets", removeSpare);
        Response updated = http.put("/api/functions/" + name, update);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(names(updated.json().get("secrets"))).containsExactly("TOKEN"); // kept; SPARE removed
        assertThat(updated.json().get("environment").get("MODE").asString()).isEqualTo("fast"); // left out: kept

        List<Response> reads = List.of(http.get("/api/functions/" + name), http.get("/api/functions"),
                http.get("/api/functions/" + name + "/versions"), http.get("/api/invocations?function=" + name),
                http.get("/api/invocations/" + ok.get("id").asString()),
                http.get("/api/invocations/" + failed.get("id").asString()), http.get("/api/topics"));
        for (Response read : reads) {
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.body()).doesNotContain(SECRET);
        }
        assertThat(reads.get(0).json().get("secrets").toString()).isEqualTo("[\"TOKEN\"]");
        assertThat(output.getAll()).doesNotContain(SECRET);
        Path keyFile = Path.of(environment.getProperty("faas.embedded.data-dir"), "secrets.key");
        assertThat(settings.secretsKeyFile()).isEqualTo(keyFile);
        assertThat(keyFile).exists();
    }

    @Test
    void theMultipartUploadTakesEnvironmentAndSecretsAsNameValueFields() {
        String topic = topic();
        String name = unique("secup");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("topics", topic);
        fields.put("environment", "MODE=slow");
        fields.put("secrets", "TOKEN=" + SECRET);
        Response created = http.upload("/api/functions", fields, "leaky.py", LEAKY);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(SECRET);

        JsonNode ok = http.post("/api/topics/" + topic + "/events?wait=PT30S", "{}").json().get("invocations").get(0);
        assertThat(ok.get("result").toString()).isEqualTo("{\"mode\":\"slow\",\"token\":\"***\"}");
    }

    @Test
    void badNamesAreRefusedWith400AndTheReason(CapturedOutput output) {
        String topic = topic();
        Map<String, Object> reserved = python(unique("secbad"), topic);
        reserved.put("environment", Map.of("PATH", "/tmp"));
        assertProblem(http.post("/api/functions", reserved), 400, "invalid variable name 'PATH': it is reserved");

        Map<String, Object> malformed = python(unique("secbad"), topic);
        malformed.put("secrets", Map.of("1TOKEN", SECRET));
        Response r = http.post("/api/functions", malformed);
        assertProblem(r, 400, "invalid variable name '1TOKEN'");
        assertThat(r.body()).doesNotContain(SECRET);

        Map<String, Object> both = python(unique("secbad"), topic);
        both.put("environment", Map.of("TOKEN", "v"));
        both.put("secrets", Map.of("TOKEN", SECRET));
        Response clash = http.post("/api/functions", both);
        assertThat(clash.status()).as(clash.toString()).isEqualTo(400);
        assertThat(clash.body()).contains("both as an environment variable and as a secret").doesNotContain(SECRET);
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
