package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error is {@code application/problem+json} with a plain reason: those of the controllers,
 * of the {@code /error} page and of the servlet container itself.
 */
class ErrorResponsesIT extends AbstractAdminIT {

    @Test
    void unknownPathsAndMethodsAreProblems() {
        assertProblem(http.get("/api/nothing-here"), 404, "");
        assertProblem(http.get("/no/such/page.html"), 404, "");
        assertProblem(http.get("/error"), 404, "");
        assertProblem(http.delete("/api/topics"), 405, "");
        assertProblem(http.request("PATCH", "/api/functions", "application/json", "{}".getBytes()), 405, "");
        assertProblem(http.postRaw("/api/topics", "text/plain", "name=x".getBytes()), 415, "");
        assertProblem(http.postRaw("/api/topics", "application/x-www-form-urlencoded", "name=%zz".getBytes()), 400, "form");
        assertProblem(http.request("PUT", "/api/functions/f", "application/x-www-form-urlencoded",
                "source=%zz".getBytes()), 415, "");
    }

    @Test
    void withoutATokenAnUnknownPathIs401NotAHintOfWhatExists() {
        Http anonymous = Http.anonymous(port);
        assertProblem(anonymous.get("/api/nothing-here"), 401, "needs a token");
        assertProblem(anonymous.get("/no/such/page.html"), 401, "needs a token");
        assertProblem(anonymous.delete("/api/topics"), 401, "needs a token");
        // what the servlet container refuses, it refuses before the token is looked at
        assertProblem(RawHttp.send(port, "GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                400, "");
        // a malformed query string or form body is 400 whoever sends it; a foreign host is 421 before that
        assertProblem(anonymous.get("/api/stats?window=%ff"), 400, "query string");
        assertProblem(anonymous.postRaw("/api/topics", "application/x-www-form-urlencoded", "name=%zz".getBytes()),
                400, "form");
        Response foreign = RawHttp.send(port, "GET /api/stats?window=%ff HTTP/1.1\r\nHost: evil.example\r\n"
                + "Connection: close\r\n\r\n", TOKEN);
        assertProblem(foreign, 421, "allowed-hosts");
    }

    @Test
    void whatTheServletContainerRefusesItselfIsAProblemToo() {
        assertProblem(raw("GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400, "");
        assertProblem(raw("GET /api/topics/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400, "");
        assertProblem(raw("POST /api/topics HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}"), 400, "");
        assertProblem(raw("POST /api/topics HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n{}"), 501, "");
        assertProblem(raw("GET /api/topics HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n"), 400, "");
        Response unknownMethod = raw("FROB /api/topics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(unknownMethod.status()).as(unknownMethod.toString()).isBetween(400, 599);
        assertProblem(unknownMethod, unknownMethod.status(), "");
    }

    @Test
    void malformedMultipartIs400() {
        byte[] garbage = "--x\r\nnot a header\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        assertProblem(http.postRaw("/api/functions", "multipart/form-data; boundary=", garbage), 400, "");
        assertProblem(http.postRaw("/api/functions", "multipart/form-data", garbage), 400, "");
        assertProblem(http.postRaw("/api/functions", "multipart/form-data; boundary=x",
                ("--x\r\nContent-Disposition: form-data; name=\"name\"\r\nno-colon-header\r\n\r\nv\r\n--x--\r\n")
                        .getBytes(StandardCharsets.UTF_8)), 400, "");
        // a multipart content type on a JSON endpoint
        assertProblem(http.postRaw("/api/topics", "multipart/form-data; boundary=x", garbage), 400, "multipart");
    }

    @Test
    void badlyPercentEncodedQueriesAre400() {
        assertProblem(http.get("/api/invocations?eventId=%ED%A0%80"), 400, "query string");
        assertProblem(http.get("/api/stats?window=%ff"), 400, "query string");
        assertProblem(raw("GET /api/invocations?limit=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                400, "query string");
        assertProblem(raw("GET /api/invocations?limit=5% HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                400, "query string");
        String topic = topic();
        assertProblem(http.post("/api/topics/" + topic + "/events?key=%C0%AF", "{}"), 400, "query string");
        assertThat(http.get("/api/invocations?eventId=%C3%A9t%C3%A9+x").status()).isEqualTo(200);
    }

    @Test
    void detailsNeverNameJavaInternals() {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        Response body = http.post("/api/topics", "{\"name\": \"t-deep\", \"extra\": " + deep + "}");
        assertProblem(body, 400, "nested too deep");
        assertProblem(http.post("/api/topics", "{\"name\": \"t-big\", \"partitions\": 99999999999}"), 400,
                "out of range");
        assertThat(body.body()).doesNotContain("StreamReadConstraints", "Jackson", "java.");
        Response event = http.post("/api/topics/" + topic() + "/events", deep);
        assertProblem(event, 400, "nested");
        assertThat(event.body()).doesNotContain("StreamReadConstraints", "getMax", "java.");
        Response number = http.post("/api/topics/" + topic() + "/events", "{\"n\": " + "9".repeat(5_000) + "}");
        assertProblem(number, 400, "");
        assertThat(number.body()).doesNotContain("StreamReadConstraints", "getMax", "java.");
        Response huge = http.post("/api/functions", Map.of("name", unique("f"), "topics", java.util.List.of(),
                "source", PYTHON, "timeout", "PT9223372036854775807S"));
        assertProblem(huge, 400, "timeout");
        assertThat(huge.body()).doesNotContain("ArithmeticException", "overflow", "java.");
    }

    /** A raw request with the admin token: what the container refuses, it refuses before looking at the token. */
    private Response raw(String request) {
        return RawHttp.send(port, request, TOKEN);
    }
}
