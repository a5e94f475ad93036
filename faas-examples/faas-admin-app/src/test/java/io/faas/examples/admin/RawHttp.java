package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests as raw bytes on a socket, for what an HTTP client refuses to send (a bad URI, a
 * duplicate {@code Content-Length}, an unknown transfer encoding): the servlet container answers
 * these itself, before the app and its authentication.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends {@code request} (CRLF line ends, headers and body included) and reads the answer to the end. */
    static Response send(int port, String request) {
        return send(port, request, null);
    }

    /**
     * Sends {@code request} with {@code Authorization: Bearer <token>} added after its request line
     * (none when {@code token} is {@code null}), and reads the answer to the end.
     */
    static Response send(int port, String request, String token) {
        if (token != null) {
            int eol = request.indexOf("\r\n");
            request = request.substring(0, eol + 2) + "Authorization: Bearer " + token + "\r\n"
                    + request.substring(eol + 2);
        }
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return parse(all.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete HTTP answer: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String type = "";
        boolean chunked = false;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String lower = lines[i].toLowerCase(Locale.ROOT);
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), n -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            if (lower.startsWith("content-type:")) {
                type = lines[i].substring("content-type:".length()).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        String body = raw.substring(end + 4);
        return new Response(status, type, chunked ? dechunk(body) : body, HttpHeaders.of(headers, (n, v) -> true));
    }

    private static String dechunk(String body) {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                return sb.toString();
            }
            int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
            if (size == 0) {
                return sb.toString();
            }
            sb.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
