package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Package functions over HTTP: a zip in base64 JSON or as a multipart file, its file list, rollback, refusals. */
class PackagesApiIT extends AbstractAdminIT {

    static byte[] zip(String... pathsAndContents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(pathsAndContents[i]));
                zip.write(pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static byte[] calculator(int factor) {
        return zip("calc/__init__.py", "", "calc/main.py",
                "from calc.ops import scale\ndef handler(event, context):\n    return scale(event['n'])\n",
                "calc/ops.py", "def scale(n):\n    return n * " + factor + "\n");
    }

    private Map<String, Object> body(String name, String topic, byte[] zip) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        body.put("handler", "calc.main.handler");
        body.put("topics", List.of(topic));
        body.put("package", Base64.getEncoder().encodeToString(zip));
        return body;
    }

    private JsonNode run(String topic, String event) {
        return http.post("/api/topics/" + topic + "/events?wait=PT30S", event).json().get("invocations").get(0);
    }

    @Test
    void aPackageIsDeployedAsBase64JsonRunsListsItsFilesAndRollsBack() {
        String topic = topic();
        String name = unique("pkg");
        Response created = http.post("/api/functions", body(name, topic, calculator(2)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("packageDigest").asString()).hasSize(64);
        assertThat(created.json().get("source").asString()).contains("def handler(event, context)");
        JsonNode first = run(topic, "{\"n\": 21}");
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("result").toString()).isEqualTo("42");

        Response files = http.get("/api/functions/" + name + "/package");
        assertThat(files.status()).as(files.toString()).isEqualTo(200);
        assertThat(files.json().get("files").findValuesAsString("path"))
                .containsExactly("calc/__init__.py", "calc/main.py", "calc/ops.py");

        Response updated = http.put("/api/functions/" + name, body(null, topic, calculator(3)));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(run(topic, "{\"n\": 2}").get("result").toString()).isEqualTo("6");
        Response back = http.post("/api/functions/" + name + "/rollback", "{}");
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().get("packageDigest").asString())
                .isEqualTo(created.json().get("packageDigest").asString());
        assertThat(run(topic, "{\"n\": 2}").get("result").toString()).isEqualTo("4");
    }

    @Test
    void aZipUploadedAsAMultipartFileIsAPackage() {
        String topic = topic();
        String name = unique("pkgup");
        Response r = http.upload("/api/functions", Map.of("name", name, "topics", topic,
                "handler", "calc.main.handler"), "calc.zip", calculator(5));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("packageDigest").asString()).hasSize(64);
        assertThat(run(topic, "{\"n\": 2}").get("result").toString()).isEqualTo("10");
    }

    @Test
    void badPackagesAreRefusedWithAClear4xx() {
        String topic = topic();
        Map<String, Object> notBase64 = body(unique("pkgbad"), topic, calculator(1));
        notBase64.put("package", "not base64 !!");
        assertProblem(http.post("/api/functions", notBase64), 400, "package must be a zip archive in base64");
        Map<String, Object> both = body(unique("pkgbad"), topic, calculator(1));
        both.put("source", PYTHON);
        assertProblem(http.post("/api/functions", both), 400, "not both");
        assertProblem(http.post("/api/functions", body(unique("pkgbad"), topic,
                zip("../calc/main.py", "def handler(e, c):\n    return 1\n"))), 400, "not a clean relative path");
        assertProblem(http.post("/api/functions", body(unique("pkgbad"), topic, zip("other.py", "x = 1\n"))), 400,
                "no module 'calc.main'");
        Map<String, Object> broken = body(unique("pkgbad"), topic, zip("calc/main.py",
                "def handler(e, c):\n    return 1\n", "calc/ops.py", "def scale(:\n"));
        Response invalid = http.post("/api/functions", broken);
        assertProblem(invalid, 400, "");
        assertThat(invalid.json().get("diagnostics").get(0).get("message").asString()).startsWith("calc/ops.py: ");
        // over faas.max-package-size (50 MiB); the unpacked limit and zip bombs are tested in faas-core
        byte[] big = new byte[51 * 1024 * 1024];
        new java.util.Random(3).nextBytes(big);
        Map<String, Object> huge = body(unique("pkgbad"), topic, calculator(1));
        huge.put("package", Base64.getEncoder().encodeToString(big));
        assertProblem(http.post("/api/functions", huge), 413, "over the limit");
        // this app has no wheelhouse nor index: requirements are refused, saying so
        assertProblem(http.post("/api/functions", body(unique("pkgbad"), topic, zip("calc/main.py",
                "def handler(e, c):\n    return 1\n", "requirements.txt", "shoutlib==1.0\n"))), 400,
                "faas.python.wheelhouse or faas.python.index-url");
        assertProblem(http.get("/api/functions/" + unique("missing") + "/package"), 404, "does not exist");
        String single = unique("single");
        assertThat(http.post("/api/functions", python(single, topic)).status()).isEqualTo(201);
        assertProblem(http.get("/api/functions/" + single + "/package"), 404, "single file");
    }

    /** A pure-Python wheel written here (no index, and pip's build needs more than this test should). */
    static byte[] wheel(String distribution, String version, String module, String source) {
        String info = distribution + "-" + version + ".dist-info/";
        return zip(module + ".py", source,
                info + "METADATA", "Metadata-Version: 2.1\nName: " + distribution + "\nVersion: " + version + "\n",
                info + "WHEEL", "Wheel-Version: 1.0\nGenerator: faas-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
                info + "RECORD", module + ".py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info + "RECORD,,\n");
    }

    @Test
    void aLayerIsMadeFromWheelsAndFunctionsNameIt() {
        String topic = topic();
        String layer = unique("tools");
        byte[] whl = wheel("tinytools", "1.0", "tinytools", "def triple(n):\n    return 3 * n\n");
        Response made = http.request("PUT", "/api/layers/" + layer, "application/json", Http.JSON.writeValueAsBytes(
                Map.of("wheels", Map.of("tinytools-1.0-py3-none-any.whl", Base64.getEncoder().encodeToString(whl)))));
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        String digest = made.json().get("digest").asString();
        assertThat(made.json().get("sources").get(0).asString()).isEqualTo("tinytools-1.0-py3-none-any.whl");
        assertThat(http.get("/api/layers").json().findValuesAsString("name")).contains(layer);

        Map<String, Object> fn = python(unique("tripler"), topic);
        fn.put("source", "import tinytools\ndef handler(event, context):\n    return tinytools.triple(event['n'])\n");
        fn.put("layers", List.of(layer));
        Response created = http.post("/api/functions", fn);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("layers").get(0).asString()).isEqualTo(layer + "@" + digest);
        JsonNode done = run(topic, "{\"n\": 5}");
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("result").toString()).isEqualTo("15");

        // the same from a form: a multipart wheel part replaces the layer's content
        byte[] quadruple = wheel("tinytools", "1.1", "tinytools", "def triple(n):\n    return 4 * n\n");
        String boundary = "faas-layer-boundary";
        java.io.ByteArrayOutputStream form = new java.io.ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"wheel\"; filename=\""
                + "tinytools-1.1-py3-none-any.whl\"\r\nContent-Type: application/zip\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        form.writeBytes(quadruple);
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Response replaced = http.request("PUT", "/api/layers/" + layer, "multipart/form-data; boundary=" + boundary,
                form.toByteArray());
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("digest").asString()).isNotEqualTo(digest);
        assertThat(run(topic, "{\"n\": 1}").get("result").toString()).as("the stored version keeps its pin")
                .isEqualTo("3");

        Map<String, Object> missing = python(unique("tripler"), topic);
        missing.put("layers", List.of(unique("nolayer")));
        assertProblem(http.post("/api/functions", missing), 400, "there is no layer");
        assertProblem(http.request("PUT", "/api/layers/" + layer, "application/json",
                "{\"wheels\": {\"evil.sh\": \"AAAA\"}}".getBytes(StandardCharsets.UTF_8)), 400,
                "is not the file name of a wheel");
        assertProblem(http.request("PUT", "/api/layers/" + layer, "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)), 400, "one of them");
        assertThat(http.delete("/api/layers/" + layer).status()).isEqualTo(204);
        assertProblem(http.get("/api/layers/" + layer), 404, "does not exist");
        // the stored version keeps the layer's content
        assertThat(run(topic, "{\"n\": 2}").get("result").toString()).isEqualTo("6");
    }
}
