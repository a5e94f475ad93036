package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapped endpoint with malformed bodies, wrong content types, huge numbers, deep nesting,
 * bad encodings, nulls in arrays, bad query values and wrong methods: no answer is 5xx, and
 * every error is {@code application/problem+json} that names nothing of the server's insides.
 * All requests go through {@link Http}: once with the admin token, once with none (then every
 * answer is a refusal, 401 or another plain 4xx problem).
 */
class ApiFuzzIT extends AbstractAdminIT {

    /** What an error body must never show: Java names, stack frames, library internals. */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|java\\.|javax\\.|jakarta\\.|tools\\.jackson|com\\.fasterxml|org\\.springframework|org\\.apache"
                    + "|io\\.faas\\.|StreamReadConstraints|\\tat |\\.java:|<html|<!doctype", Pattern.CASE_INSENSITIVE);

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private static final Map<String, byte[]> BODIES = bodies();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void noEndpointAnswers5xxOrAnErrorThatIsNotAPlainProblem() {
        String topic = topic();
        String function = unique("fz");
        assertThat(http.post("/api/functions", python(function, topic)).status()).isEqualTo(201);
        List<String> failures = new ArrayList<>();
        int sent = fuzz(http, failures, topic, function, ApiFuzzIT::fault);
        assertThat(sent).isGreaterThan(500);
        assertThat(failures).as("of %d requests", sent).isEmpty();
    }

    /** The same requests without a token: each is refused with a plain problem, and none is 5xx. */
    @Test
    void withoutATokenEveryRequestIsRefusedWithAPlainProblem() {
        String topic = topic();
        String function = unique("fz");
        assertThat(http.post("/api/functions", python(function, topic)).status()).isEqualTo(201);
        List<String> failures = new ArrayList<>();
        int sent = fuzz(Http.anonymous(port), failures, topic, function, ApiFuzzIT::anonymousFault);
        assertThat(sent).isGreaterThan(500);
        assertThat(failures).as("of %d requests", sent).isEmpty();
        assertThat(http.get("/api/functions/" + function).json().get("version").asInt()).as("not changed").isEqualTo(1);
    }

    /** Every endpoint, with every method, body, content type and query value; the number of requests sent. */
    private int fuzz(Http client, List<String> failures, String topic, String function,
                     Function<Response, String> judge) {
        Map<String, Set<String>> endpoints = endpoints();
        // the actuator's endpoints, mapped apart from the controllers
        for (String actuator : List.of("/actuator", "/actuator/health", "/actuator/info", "/actuator/metrics",
                "/actuator/metrics/faas.invocations", "/actuator/metrics/{name}", "/actuator/{name}")) {
            endpoints.put(actuator, Set.of("GET"));
        }
        assertThat(endpoints).as("the mappings were enumerated").containsKeys("/api/topics", "/api/functions/{name}");
        int sent = 0;
        for (Map.Entry<String, Set<String>> endpoint : endpoints.entrySet()) {
            for (String path : concrete(endpoint.getKey(), topic, function)) {
                for (String method : METHODS) {
                    boolean mapped = endpoint.getValue().contains(method);
                    if (!mapped) {
                        sent += check(client, judge, failures, method, path, "application/json", BODIES.get("object"));
                        continue;
                    }
                    for (Map.Entry<String, byte[]> body : BODIES.entrySet()) {
                        if (method.equals("GET") || method.equals("DELETE")) {
                            break;
                        }
                        sent += check(client, judge, failures, method, path, "application/json", body.getValue());
                    }
                    for (String type : List.of("text/plain", "application/xml", "application/json; charset=nonsense",
                            "application/x-www-form-urlencoded", "multipart/form-data; boundary=fz",
                            "multipart/form-data", "application/json; charset=UTF-16")) {
                        sent += check(client, judge, failures, method, path, type, BODIES.get("badUtf8"));
                        sent += check(client, judge, failures, method, path, type, BODIES.get("multipartGarbage"));
                    }
                    for (String query : queries()) {
                        sent += check(client, judge, failures, method, path + query, null, null);
                    }
                }
            }
        }
        return sent;
    }

    private static int check(Http client, Function<Response, String> judge, List<String> failures, String method,
                             String path, String type, byte[] body) {
        Response r = client.request(method, path, type, body);
        String fault = judge.apply(r);
        if (fault != null) {
            failures.add(fault + ": " + method + " " + path + (type == null ? "" : " [" + type + "]")
                    + (body == null ? "" : " " + shown(body)) + " -> " + r);
        }
        return 1;
    }

    /**
     * What is wrong with an answer to a request without a token: anything {@link #fault} finds, and
     * any answer that is not an error but the detail-free health or a page's way to the sign-in.
     */
    static String anonymousFault(Response r) {
        String fault = fault(r);
        if (fault != null || r.status() >= 400) {
            return fault;
        }
        if (r.status() == 302 && r.headers().firstValue("Location").orElse("").endsWith("/signin.html")) {
            return null;
        }
        if (r.status() == 200 && r.contentType().contains("actuator") && r.json().has("status")
                && !r.json().has("components") && !r.json().has("details")) {
            return null; // GET /actuator/health, which says only UP or DOWN
        }
        return "served without a token";
    }

    /** What is wrong with the answer, or {@code null}: a 5xx, or an error that is not a plain problem. */
    static String fault(Response r) {
        if (r.status() >= 500) {
            return "5xx";
        }
        if (r.status() < 400) {
            return null;
        }
        if (!r.contentType().startsWith("application/problem+json")) {
            return "not problem+json";
        }
        if (INTERNALS.matcher(r.body()).find()) {
            return "names internals";
        }
        try {
            if (r.json().get("status").asInt() != r.status() || r.json().get("detail").asString().isBlank()) {
                return "problem without its status or detail";
            }
        } catch (RuntimeException e) {
            return "problem is not JSON";
        }
        return null;
    }

    @Test
    void theJudgeOfAnswersCatchesWhatTheFuzzLooksFor() {
        String json = "application/problem+json";
        assertThat(fault(new Response(200, "application/json", "{}"))).isNull();
        assertThat(fault(new Response(400, json, "{\"status\":400,\"detail\":\"bad\"}"))).isNull();
        assertThat(fault(new Response(500, json, "{\"status\":500,\"detail\":\"x\"}"))).isEqualTo("5xx");
        assertThat(fault(new Response(400, "text/html", "<html>Bad Request</html>"))).isEqualTo("not problem+json");
        assertThat(fault(new Response(400, json, "{\"status\":400,\"detail\":\"java.lang.ArithmeticException: long overflow\"}")))
                .isEqualTo("names internals");
        assertThat(fault(new Response(400, json, "{\"status\":400,\"detail\":\"from `StreamReadConstraints.getMaxNestingDepth()`\"}")))
                .isEqualTo("names internals");
        assertThat(fault(new Response(404, json, "{\"status\":400,\"detail\":\"x\"}")))
                .isEqualTo("problem without its status or detail");
        assertThat(fault(new Response(400, json, "not json"))).isEqualTo("problem is not JSON");
    }

    /** Every path pattern of the app's controllers with the methods it is mapped for (all when none are named). */
    private Map<String, Set<String>> endpoints() {
        Map<String, Set<String>> endpoints = new LinkedHashMap<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = new LinkedHashSet<>();
            for (RequestMethod m : info.getMethodsCondition().getMethods()) {
                methods.add(m.name());
            }
            if (methods.isEmpty()) {
                methods.addAll(METHODS);
            }
            for (String pattern : info.getPatternValues()) {
                endpoints.computeIfAbsent(pattern, p -> new LinkedHashSet<>()).addAll(methods);
            }
        }
        return endpoints;
    }

    /** The pattern with its variables filled: a name that exists, one that does not, one that cannot exist. */
    private static List<String> concrete(String pattern, String topic, String function) {
        if (!pattern.contains("{")) {
            return List.of(pattern);
        }
        String existing = pattern.startsWith("/api/topics") ? topic : pattern.startsWith("/actuator") ? "nope" : function;
        List<String> paths = new ArrayList<>();
        for (String value : List.of(existing, "fz-missing", "x".repeat(300), "%C3%A9%F0%9F%98%80", "..", "a%2Fb", "%ED%A0%80")) {
            paths.add(pattern.replaceAll("\\{[^}]+}", value));
        }
        return paths;
    }

    private static List<String> queries() {
        return List.of("?limit=99999999999999999999", "?limit=-1", "?window=P99999999999D", "?window=PT0.0001S",
                "?window=%ff", "?from=garbage&to=2026-13-45T00:00:00Z", "?buckets=0", "?buckets=1e9",
                "?status=RUNNING%00", "?wait=PT999999H", "?wait=PT0.001S", "?cursor=%7B%22a%22%3A1%7D",
                "?eventId=%ED%A0%80", "?key=%C0%AF", "?function=" + "f".repeat(2_000), "?invalid=maybe");
    }

    private static Map<String, byte[]> bodies() {
        Map<String, byte[]> b = new LinkedHashMap<>();
        b.put("object", utf8("{\"name\": \"fz-made\", \"partitions\": 1, \"topics\": [], \"source\": \"def handler(e, c):\\n    return 1\\n\"}"));
        b.put("empty", new byte[0]);
        b.put("null", utf8("null"));
        b.put("string", utf8("\"text\""));
        b.put("truncated", utf8("{\"name\": \"fz"));
        b.put("trailing", utf8("{} {}"));
        b.put("deepArrays", utf8("[".repeat(5_000) + "]".repeat(5_000)));
        b.put("deepObjects", utf8("{\"a\":".repeat(1_000) + "1" + "}".repeat(1_000)));
        b.put("justUnderDepth", utf8("[".repeat(199) + "]".repeat(199)));
        b.put("hugeInt", utf8("{\"name\": \"fz-n\", \"partitions\": 99999999999999999999999, \"maxAttempts\": 1e400}"));
        b.put("longNumber", utf8("{\"partitions\": " + "9".repeat(5_000) + "}"));
        b.put("negative", utf8("{\"name\": \"fz-neg\", \"partitions\": -1, \"maxAttempts\": -5, \"memoryLimitMb\": -1}"));
        b.put("fraction", utf8("{\"name\": \"fz-frac\", \"partitions\": 1.5, \"maxAttempts\": 2.5}"));
        b.put("nullsInArrays", utf8("{\"name\": \"fz-nulls\", \"topics\": [null, null], \"source\": \"x = 1\\n\"}"));
        b.put("arrayOfNull", utf8("[null]"));
        b.put("wrongTypes", utf8("{\"name\": {\"a\": 1}, \"topics\": \"t\", \"partitions\": \"many\", \"ordering\": []}"));
        b.put("badDurations", utf8("{\"name\": \"fz-d\", \"topics\": [], \"source\": \"x = 1\\n\", \"timeout\": \"PT0.0001S\"}"));
        b.put("hugeDuration", utf8("{\"name\": \"fz-h\", \"topics\": [], \"source\": \"x = 1\\n\", \"timeout\": \"PT9223372036854775807S\"}"));
        b.put("badNames", utf8("{\"name\": \"../../etc/passwd\", \"topics\": [\"a b\", \"\"], \"ordering\": \"SIDEWAYS\", \"runtime\": \"cobol\"}"));
        b.put("nulChars", utf8("{\"name\": \"a\\u0000b\", \"source\": \"\\u0000\", \"handler\": \"\\ud800\"}"));
        b.put("loneSurrogate", utf8("{\"name\": \"\\udc00\"}"));
        b.put("badUtf8", new byte[]{'{', '"', 'n', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
        b.put("multipartGarbage", utf8("--fz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.py\"\r\n"
                + "Content-Type\r\n\r\nx\r\n--fz"));
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String shown(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
