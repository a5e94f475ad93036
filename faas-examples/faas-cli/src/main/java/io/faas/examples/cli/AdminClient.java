package io.faas.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JSON over HTTP to one admin app, with its token as {@code Authorization: Bearer}. Answers that are
 * not 2xx become {@link CliException}s with faas's exit codes and the server's problem detail.
 * Uses {@link HttpURLConnection}: in a cold JVM it answers in a tenth of the time
 * {@code java.net.http.HttpClient} takes to start (measured in PERFORMANCE.md). Not thread-safe.
 */
final class AdminClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** An answer: its status and its body as JSON values ({@code null} when empty or not JSON). */
    record Response(int status, Object body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final String base;
    private final String token;

    AdminClient(String url, String token) {
        this.base = baseUrl(url);
        this.token = token;
    }

    /** The URL without a trailing slash; a usage error when it is not an http(s) URL. */
    static String baseUrl(String url) {
        try {
            URI uri = new URI(url.trim());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw CliException.usage("'" + url + "' is not an http:// or https:// URL");
            }
            String s = uri.toString();
            return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        } catch (URISyntaxException e) {
            throw CliException.usage("'" + url + "' is not a URL: " + e.getReason());
        }
    }

    String url() {
        return base;
    }

    Object get(String path) {
        return call("GET", path, null, READ_TIMEOUT);
    }

    Object post(String path, Object body) {
        return call("POST", path, body, READ_TIMEOUT);
    }

    Object put(String path, Object body) {
        return call("PUT", path, body, READ_TIMEOUT);
    }

    void delete(String path) {
        call("DELETE", path, null, READ_TIMEOUT);
    }

    /** A request whose answer must be 2xx; its body. */
    Object call(String method, String path, Object body, Duration readTimeout) {
        Response r = send(method, path, body == null ? null : Json.write(body), readTimeout);
        if (!r.ok()) {
            throw failure(r);
        }
        return r.body();
    }

    /** Any request; the answer whatever its status. Only a server that cannot be reached throws. */
    Response send(String method, String path, String json, Duration readTimeout) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) new URL(base + path).openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) readTimeout.toMillis());
            c.setInstanceFollowRedirects(false);
            c.setRequestProperty("Accept", "application/json, application/problem+json");
            if (token != null && !token.isBlank()) {
                c.setRequestProperty("Authorization", "Bearer " + token.trim());
            }
            if (json != null) {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(bytes.length);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            String text;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Response(status, parse(text));
        } catch (MalformedURLException e) {
            throw CliException.usage("'" + base + path + "' is not a URL");
        } catch (ConnectException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the admin app at " + base
                    + ": connection refused (is it running? see faas dev)");
        } catch (UnknownHostException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the admin app at " + base
                    + ": unknown host " + e.getMessage());
        } catch (SocketTimeoutException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "the admin app at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach the admin app at " + base + ": "
                    + (e.getMessage() == null ? "the connection failed" : e.getMessage()));
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static Object parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return Json.parse(text);
        } catch (Json.InvalidJsonException e) {
            return null;
        }
    }

    /** The error a non-2xx answer stands for, with the server's own words. */
    CliException failure(Response r) {
        String detail = Json.text(r.body(), "detail");
        if (detail.isEmpty()) {
            detail = "the admin app answered HTTP " + r.status();
        }
        return switch (r.status()) {
            case 401 -> new CliException(ExitCodes.UNREACHABLE, token == null || token.isBlank()
                    ? "no token for " + base + ": run faas login " + base + " --token TOKEN, or set FAAS_TOKEN"
                    : "the admin app at " + base + " refused the token (" + detail
                    + "): run faas login with a valid one");
            case 403 -> new CliException(ExitCodes.UNREACHABLE, "not allowed with this token: " + detail);
            case 421 -> new CliException(ExitCodes.UNREACHABLE, detail);
            case 404 -> new CliException(ExitCodes.NOT_FOUND, detail);
            default -> new CliException(ExitCodes.FAILED, detail);
        };
    }

    /** {@code ?a=1&b=2} of the parameters that are not {@code null}, percent-encoded; {@code ""} if none. */
    static String query(Map<String, ?> parameters) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                q.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    /** A path segment, percent-encoded (names are checked by the server, not here). */
    static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Parameters in the order given, for {@link #query}. */
    static Map<String, Object> params(Object... nameValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        return m;
    }
}
