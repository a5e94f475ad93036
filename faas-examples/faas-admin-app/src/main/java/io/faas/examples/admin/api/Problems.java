package io.faas.examples.admin.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An {@code application/problem+json} body written without Spring MVC: for the filters, the
 * security layer, the {@code /error} page and the servlet container's own error report, which
 * answer before (or outside) the controllers and their {@link ApiErrors}.
 */
public final class Problems {

    private Problems() {
    }

    /** The plain reason for a status the servlet container or a filter answers itself. */
    static String reason(int status) {
        return switch (status) {
            case 400 -> "the request could not be read: its URI, headers, query string or body is malformed";
            case 401 -> "authentication is required";
            case 403 -> "access to this resource is denied";
            case 404 -> "there is no resource at this path";
            case 405 -> "this method is not supported at this path";
            case 406 -> "no representation that the request accepts is available";
            case 408 -> "the request was not received in time";
            case 411 -> "the request needs a Content-Length";
            case 413 -> "the request is over the size limit";
            case 414 -> "the request URI is too long";
            case 415 -> "the request's content type or encoding is not supported at this path";
            case 431 -> "the request headers are too large";
            case 501 -> "the request's method or transfer encoding is not supported";
            case 505 -> "the HTTP version is not supported";
            default -> status >= 500 ? "the request failed unexpectedly; the server log has the details"
                    : "the request was refused";
        };
    }

    static String title(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? (status >= 500 ? "Server error" : "Client error") : known.getReasonPhrase();
    }

    /** The JSON text of a problem; {@code instance} is left out when {@code null}. */
    static String json(int status, String title, String detail, String instance) {
        StringBuilder sb = new StringBuilder(160).append("{\"type\":\"about:blank\",\"title\":");
        quote(sb, title).append(",\"status\":").append(status).append(",\"detail\":");
        quote(sb, detail);
        if (instance != null) {
            quote(sb.append(",\"instance\":"), instance);
        }
        return sb.append('}').toString();
    }

    /**
     * Writes a problem as the whole response, its {@code instance} the request's path; does
     * nothing once the response is committed.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                             String title, String detail) throws IOException {
        if (!response.isCommitted()) {
            write(response, status.value(), title, detail, instance(request.getRequestURI()));
        }
    }

    /** Writes a problem as the whole response; the response must not be committed. */
    static void write(HttpServletResponse response, int status, String title, String detail, String instance)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(status, title, detail, instance));
    }

    /** A request path fit to be echoed: only URI characters, at most 200 of them. */
    static String instance(String path) {
        if (path == null) {
            return null;
        }
        String clean = path.replaceAll("[^A-Za-z0-9/._:~-]", "");
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }

    private static StringBuilder quote(StringBuilder sb, String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
