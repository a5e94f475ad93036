package io.faas.examples.admin;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A small JSON-over-HTTP client for the API tests: with a token, every request carries
 * {@code Authorization: Bearer <token>}; {@link #anonymous} sends none.
 */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Response(int status, String contentType, String body, HttpHeaders headers) {
        /** An answer without headers beyond its content type (for tests that judge answers). */
        Response(int status, String contentType, String body) {
            this(status, contentType, body, HttpHeaders.of(Map.of(), (name, value) -> true));
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    Http(int port, String token) {
        this.base = "http://localhost:" + port;
        this.token = token;
    }

    static Http anonymous(int port) {
        return new Http(port, null);
    }

    /** The same server with another token. */
    Http as(String otherToken) {
        return new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherToken);
    }

    /** Any request: method, path, extra headers, and a body (or {@code null}). */
    Response request(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response post(String path, Object body) {
        return post(path, JSON.writeValueAsString(body));
    }

    Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Response postRaw(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Any method, with a body of any content type (none when {@code contentType} is {@code null}). */
    Response request(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    /** A multipart/form-data POST with text fields and one file part named {@code file}. */
    Response upload(String path, Map<String, String> fields, String fileName, String fileContent) {
        String boundary = "faas-boundary-" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/x-python\r\n\r\n" + fileContent + "\r\n--" + boundary + "--\r\n");
        return postRaw(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    /** A multipart/form-data POST with text fields and one binary file part named {@code file}. */
    Response upload(String path, Map<String, String> fields, String fileName, byte[] fileContent) {
        String boundary = "faas-boundary-" + System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n"));
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/zip\r\n\r\n");
        out.writeBytes(fileContent);
        write(out, "\r\n--" + boundary + "--\r\n");
        return postRaw(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
