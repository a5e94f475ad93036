package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpCookie;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication, roles, the browser session and its CSRF token, the Host check, the security
 * headers and the audit log, on the app context the other API tests share.
 */
class AdminSecurityIT extends AbstractAdminIT {

    /** Every role and what the tests call its token. */
    static final List<String> ROLES = List.of("admin", "developer", "publisher", "viewer");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteOfTheAppAnswers401WithoutAToken() {
        Http anonymous = Http.anonymous(port);
        Set<String> routes = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue; // where the container forwards a failed request to be rendered; it serves nothing
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    routes.add(method + " " + pattern);
                }
            }
        }
        assertThat(routes).as("the app's routes").hasSizeGreaterThan(20)
                .contains("GET /api/tokens", "POST /api/tokens", "DELETE /api/tokens/{name}", "GET /api/audit",
                        "POST /api/functions", "POST /api/invocations/{id}/redrive");
        routes.addAll(List.of("GET /actuator", "GET /actuator/metrics", "GET /actuator/metrics/{name}",
                "GET /actuator/info", "GET /actuator/health/{name}"));
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            for (Http client : List.of(anonymous, http.as("faas_not-a-token-of-this-app-0123456789"))) {
                Response r = client.request(method, path, Map.of("Content-Type", "application/json"), body);
                assertThat(r.status()).as(route + ": " + r).isEqualTo(401);
                assertThat(r.contentType()).as(route).startsWith("application/problem+json");
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(route).hasValue("Bearer");
            }
        }
    }

    @Test
    void pagesSendTheBrowserToSignInAndHealthSaysOnlyUp() {
        Http anonymous = Http.anonymous(port);
        for (String page : List.of("/", "/index.html", "/api.html")) {
            Response r = anonymous.get(page);
            assertThat(r.status()).as(page).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).as(page).endsWith("/signin.html");
        }
        assertThat(anonymous.get("/signin.html").status()).isEqualTo(200);
        assertThat(anonymous.get("/app/signin.js").status()).isEqualTo(200);

        Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().propertyNames()).doesNotContain("components", "details");
        assertThat(health.body()).doesNotContain("faas-admin-it", "/tmp", "pool");
        assertThat(http.get("/actuator/health").json().get("components").get("faas")).as("with a token").isNotNull();
    }

    @Test
    void eachRoleMayDoWhatItsRoleSaysAndIsRefusedTheRest() {
        Map<String, Http> as = new LinkedHashMap<>();
        for (String role : ROLES) {
            as.put(role, http.as(token(unique(role), role)));
        }
        String topic = topic();
        doubling(topic);
        record Case(String method, String path, Object body, Set<String> allowed) {
        }
        List<Case> cases = new ArrayList<>();
        Set<String> all = Set.copyOf(ROLES);
        Set<String> readers = Set.of("admin", "developer", "viewer");
        Set<String> writers = Set.of("admin", "developer");
        Set<String> admin = Set.of("admin");
        cases.add(new Case("GET", "/api/me", null, all));
        cases.add(new Case("GET", "/api/topics", null, readers));
        cases.add(new Case("GET", "/api/functions", null, readers));
        cases.add(new Case("GET", "/api/stats", null, readers));
        cases.add(new Case("GET", "/actuator/metrics", null, readers));
        cases.add(new Case("GET", "/api/invocations", null, all));
        cases.add(new Case("POST", "/api/topics/" + topic + "/events", Map.of("n", 1), Set.of("admin", "developer", "publisher")));
        cases.add(new Case("POST", "/api/validate", Map.of("source", "x = 1\n"), writers));
        cases.add(new Case("POST", "/api/topics", Map.of("name", "%s"), writers));
        cases.add(new Case("POST", "/api/functions", python("%s", topic), writers));
        cases.add(new Case("POST", "/api/invocations/no-such-id/redrive", null, writers));
        cases.add(new Case("DELETE", "/api/topics/no-such-topic", null, writers));
        cases.add(new Case("GET", "/api/topics/" + topic, null, readers));
        cases.add(new Case("GET", "/api/topics/" + topic + "/messages", null, readers));
        cases.add(new Case("GET", "/api/invocations?q=x", null, readers));
        cases.add(new Case("GET", "/api/saved-events", null, readers));
        cases.add(new Case("POST", "/api/saved-events", Map.of("name", "%s", "topic", topic, "payload", 1), writers));
        cases.add(new Case("GET", "/api/redrives", null, readers));
        cases.add(new Case("POST", "/api/redrives", Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z"),
                writers));
        cases.add(new Case("GET", "/api/tokens", null, admin));
        cases.add(new Case("POST", "/api/tokens", Map.of("name", "%s", "role", "viewer"), admin));
        cases.add(new Case("DELETE", "/api/tokens/no-such-token", null, admin));
        cases.add(new Case("GET", "/api/audit", null, admin));
        for (Case c : cases) {
            for (String role : ROLES) {
                String body = c.body() == null ? null
                        : Http.JSON.writeValueAsString(c.body()).replace("%s", unique("m-" + role));
                Response r = as.get(role).request(c.method(), c.path(), Map.of("Content-Type", "application/json"), body);
                String what = role + " " + c.method() + " " + c.path() + ": " + r;
                if (c.allowed().contains(role)) {
                    assertThat(r.status()).as(what).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertProblem(r, 403, "a token of role '" + role + "' may not do this");
                }
            }
        }
    }

    @Test
    void aPublisherSeesOnlyTheInvocationsOfTheEventsItPublished() {
        String topic = topic();
        doubling(topic);
        Http alice = http.as(token(unique("alice"), "publisher"));
        Http bob = http.as(token(unique("bob"), "publisher"));
        Response mine = alice.post("/api/topics/" + topic + "/events?wait=PT20S", Map.of("n", 2));
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        String myEvent = mine.json().get("eventId").asString();
        String myInvocation = mine.json().get("invocations").get(0).get("id").asString();
        Response theirs = http.post("/api/topics/" + topic + "/events?wait=PT20S", Map.of("n", 3));
        String theirEvent = theirs.json().get("eventId").asString();
        String theirInvocation = theirs.json().get("invocations").get(0).get("id").asString();
        Response bobs = bob.post("/api/topics/" + topic + "/events?wait=PT20S", Map.of("n", 4));
        assertThat(bobs.status()).isEqualTo(200);

        JsonNode listed = alice.get("/api/invocations?limit=100").json().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("eventId").asString()).isEqualTo(myEvent);
        assertThat(listed.get(0).get("result").get("doubled").asInt()).isEqualTo(4);
        assertThat(alice.get("/api/invocations?topic=" + topic).json().get("items")).hasSize(1);
        assertThat(alice.get("/api/invocations?eventId=" + myEvent).json().get("items")).hasSize(1);
        assertThat(alice.get("/api/invocations?eventId=" + theirEvent).json().get("items")).isEmpty();
        assertThat(alice.get("/api/invocations/" + myInvocation).status()).isEqualTo(200);
        assertProblem(alice.get("/api/invocations/" + theirInvocation), 404, "");
        assertThat(bob.get("/api/invocations").json().get("items")).hasSize(1)
                .allSatisfy(i -> assertThat(i.get("eventId").asString()).isEqualTo(bobs.json().get("eventId").asString()));
        assertThat(http.get("/api/invocations?topic=" + topic).json().get("items")).as("the admin sees all").hasSize(3);
    }

    @Test
    void theBrowserSessionNeedsTheCsrfTokenForEveryChange() {
        Browserless session = Browserless.signIn(http, port, TOKEN);
        assertThat(session.sessionCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");

        // a cross-site form post: the browser sends the session cookie, but the other site cannot read the CSRF token
        String topic = unique("csrf");
        Response forged = Http.anonymous(port).request("POST", "/api/topics", Map.of(
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", session.cookies()), "name=" + topic);
        assertProblem(forged, 403, "CSRF token");
        Response forgedJson = Http.anonymous(port).request("POST", "/api/topics", Map.of(
                "Content-Type", "application/json", "Cookie", session.cookies()), "{\"name\":\"" + topic + "\"}");
        assertProblem(forgedJson, 403, "CSRF token");
        assertThat(find(http.get("/api/topics").json(), topic)).as("not created").isNull();

        // the UI's own request: the same cookie and the token from the XSRF-TOKEN cookie as a header
        Response own = session.send("POST", "/api/topics", "{\"name\":\"" + topic + "\"}");
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        assertThat(session.send("GET", "/api/me", null).json().get("name").asString()).isEqualTo("bootstrap");

        assertThat(session.send("POST", "/signout", null).status()).isEqualTo(204);
        assertThat(session.send("GET", "/api/me", null).status()).as("signed out").isEqualTo(401);
    }

    @Test
    void deletingATokenEndsItsSessionsAndItsRequests() {
        String name = unique("leaver");
        String value = token(name, "developer");
        Browserless session = Browserless.signIn(http, port, value);
        assertThat(session.send("GET", "/api/topics", null).status()).isEqualTo(200);
        assertThat(http.delete("/api/tokens/" + name).status()).isEqualTo(204);
        assertThat(session.send("GET", "/api/topics", null).status()).isEqualTo(401);
        assertThat(http.as(value).get("/api/topics").status()).isEqualTo(401);
    }

    @Test
    void aWrongTokenDoesNotSignIn() {
        Browserless page = Browserless.open(port);
        Response r = page.send("POST", "/signin", "token=faas_wrong-token-0123456789abcdef",
                "application/x-www-form-urlencoded");
        assertProblem(r, 401, "not valid");
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }

    @Test
    void aRequestForAnotherHostNameIsRefused() throws IOException {
        String refused = raw("evil.example:" + port);
        assertThat(refused).startsWith("HTTP/1.1 421").contains("application/problem+json")
                .contains("faas.admin.security.allowed-hosts");
        assertThat(raw("127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
        assertThat(raw("[::1]:" + port)).startsWith("HTTP/1.1 200");
        assertThat(raw("localhost")).startsWith("HTTP/1.1 200");
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws IOException {
        for (Response r : List.of(http.get("/"), http.get("/api/topics"), Http.anonymous(port).get("/api/topics"),
                Http.anonymous(port).get("/signin.html"), Http.anonymous(port).get("/app/main.js"))) {
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(r.toString()).contains("script-src 'self'", "frame-ancestors 'none'",
                    "object-src 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern handler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Pattern inlineStyle = Pattern.compile("<style|\\sstyle\\s*=", Pattern.CASE_INSENSITIVE);
        for (String page : List.of("index.html", "api.html", "signin.html")) {
            String html = Files.readString(Path.of("src/main/resources/static", page));
            assertThat(inlineScript.matcher(html).find()).as(page + " has an inline script").isFalse();
            assertThat(handler.matcher(html).find()).as(page + " has an inline event handler").isFalse();
            assertThat(inlineStyle.matcher(html).find()).as(page + " has inline style").isFalse();
        }
    }

    @Test
    void everyWriteIsInTheAuditLogWithWhoWhatAndTheOutcome() {
        String viewer = unique("auditee");
        Http asViewer = http.as(token(viewer, "viewer"));
        String topic = topic();
        String fn = unique("audited");
        assertThat(http.post("/api/functions", python(fn, topic)).status()).isEqualTo(201);
        assertThat(http.put("/api/functions/" + fn, python(fn, topic)).status()).isEqualTo(200);
        assertThat(http.post("/api/topics", Map.of("name", topic)).status()).isEqualTo(409);
        assertThat(asViewer.delete("/api/topics/" + topic).status()).isEqualTo(403);
        assertThat(http.delete("/api/functions/" + fn).status()).isEqualTo(204);
        assertThat(http.delete("/api/topics/" + topic).status()).isEqualTo(204);
        String failingTopic = topic();
        failing(failingTopic);
        String failed = http.post("/api/topics/" + failingTopic + "/events?wait=PT20S", Map.of("n", 1)).json()
                .get("invocations").get(0).get("id").asString();
        assertThat(http.post("/api/invocations/" + failed + "/redrive", "").status()).isEqualTo(202);
        Response created = http.post("/api/tokens", Map.of("name", unique("short-lived"), "role", "viewer"));
        String secret = created.json().get("token").asString();
        String shortLived = created.json().get("name").asString();
        assertThat(http.delete("/api/tokens/" + shortLived).status()).isEqualTo(204);

        Response audit = http.get("/api/audit?limit=500");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).doesNotContain(secret, TOKEN);
        List<String> lines = new ArrayList<>();
        for (JsonNode e : audit.json().get("items")) {
            assertThat(e.get("at").asString()).isNotBlank();
            lines.add(e.get("who").asString() + " " + e.get("method").asString() + " " + e.get("path").asString()
                    + " " + (e.get("target").isNull() ? "-" : e.get("target").asString()) + " " + e.get("status").asInt());
        }
        assertThat(lines).contains(
                "bootstrap POST /api/topics " + topic + " 201",
                "bootstrap POST /api/functions " + fn + " 201",
                "bootstrap PUT /api/functions/" + fn + " " + fn + " 200",
                "bootstrap POST /api/topics - 409",
                viewer + " DELETE /api/topics/" + topic + " - 403",
                "bootstrap DELETE /api/functions/" + fn + " " + fn + " 204",
                "bootstrap DELETE /api/topics/" + topic + " " + topic + " 204",
                "bootstrap POST /api/invocations/" + failed + "/redrive " + failed + " 202",
                "bootstrap POST /api/tokens " + shortLived + " 201",
                "bootstrap DELETE /api/tokens/" + shortLived + " " + shortLived + " 204");
        assertThat(lines.indexOf("bootstrap POST /api/tokens " + shortLived + " 201"))
                .as("newest first").isLessThan(lines.indexOf("bootstrap POST /api/topics " + topic + " 201"));

        JsonNode first = http.get("/api/audit?limit=2").json();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = http.get("/api/audit?limit=2&cursor=" + first.get("next").asString()).json();
        assertThat(second.get("items").get(0).get("id").asString()).isNotEqualTo(first.get("items").get(1).get("id").asString());
        assertThat(second.get("items").get(0).get("at").asString())
                .isLessThanOrEqualTo(first.get("items").get(1).get("at").asString());
    }

    @Test
    void tokensAreListedWithoutTheirValueAndRevocable() {
        String name = unique("listed");
        Response created = http.post("/api/tokens", Map.of("name", name, "role", "developer"));
        assertThat(created.status()).isEqualTo(201);
        String value = created.json().get("token").asString();
        assertThat(value).startsWith("faas_").hasSizeGreaterThanOrEqualTo(45);
        assertThat(created.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertProblem(http.post("/api/tokens", Map.of("name", name, "role", "viewer")), 409, "exists already");
        assertProblem(http.post("/api/tokens", Map.of("name", unique("bad"), "role", "root")), 400, "'role' must be one of");

        http.as(value).get("/api/topics");
        Response list = http.get("/api/tokens");
        assertThat(list.body()).doesNotContain(value, TOKEN, "hash");
        JsonNode listed = find(list.json(), name);
        assertThat(listed.get("role").asString()).isEqualTo("developer");
        assertThat(listed.get("lastUsedAt").isNull()).as("used once").isFalse();
        assertThat(find(list.json(), "bootstrap").get("role").asString()).isEqualTo("admin");

        assertThat(http.delete("/api/tokens/" + name).status()).isEqualTo(204);
        assertProblem(http.delete("/api/tokens/" + name), 404, "no token named");
        assertProblem(http.delete("/api/tokens/bootstrap"), 409, "last admin token");
    }

    /** A token of the role, created through the API by the admin. */
    String token(String name, String role) {
        Response r = http.post("/api/tokens", Map.of("name", name, "role", role));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("token").asString();
    }

    /** A GET of /api/topics with the admin token and the given Host header, over a plain socket (HttpClient forbids setting Host). */
    private String raw(String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/topics HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What a browser does with cookies, by hand: the sign-in page's XSRF-TOKEN cookie, then the session cookie. */
    static final class Browserless {
        private final Http client;
        private final Map<String, String> jar = new LinkedHashMap<>();
        String sessionCookie = "";

        private Browserless(int port) {
            this.client = Http.anonymous(port);
        }

        static Browserless open(int port) {
            Browserless b = new Browserless(port);
            Response page = b.client.get("/signin.html");
            assertThat(page.status()).isEqualTo(200);
            b.keep(page);
            assertThat(b.jar).containsKey("XSRF-TOKEN");
            return b;
        }

        static Browserless signIn(Http unused, int port, String token) {
            Browserless b = open(port);
            Response r = b.send("POST", "/signin", "token=" + token, "application/x-www-form-urlencoded");
            assertThat(r.status()).as(r.toString()).isEqualTo(204);
            assertThat(b.jar).containsKey("JSESSIONID");
            return b;
        }

        String cookies() {
            return String.join("; ", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        Response send(String method, String path, String body) {
            return send(method, path, body, "application/json");
        }

        Response send(String method, String path, String body, String type) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", type);
            if (!jar.isEmpty()) {
                headers.put("Cookie", cookies());
            }
            if (jar.containsKey("XSRF-TOKEN")) {
                headers.put("X-XSRF-TOKEN", jar.get("XSRF-TOKEN"));
            }
            Response r = client.request(method, path, headers, body);
            keep(r);
            return r;
        }

        private void keep(Response r) {
            for (String header : r.headers().allValues("Set-Cookie")) {
                if (header.startsWith("JSESSIONID=")) {
                    sessionCookie = header;
                }
                for (HttpCookie c : HttpCookie.parse(header)) {
                    if (c.getMaxAge() == 0) {
                        jar.remove(c.getName());
                    } else {
                        jar.put(c.getName(), c.getValue());
                    }
                }
            }
        }
    }
}
