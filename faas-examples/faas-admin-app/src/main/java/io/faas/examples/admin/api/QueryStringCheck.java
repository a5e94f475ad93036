package io.faas.examples.admin.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Refuses, with 400, a query string that is not percent-encoded UTF-8 ({@code ?window=%ff},
 * {@code ?eventId=%ED%A0%80}, {@code ?key=%zz}) before anything reads its parameters: the servlet
 * container would otherwise fail on it deep inside a controller. With {@code formToo}, also a
 * form-encoded body that does not decode, for a request whose parameters are about to be read
 * before the controllers (the CSRF check of a change without a bearer token, the sign-in).
 * <p>
 * It runs inside the security filter chain, right after its firewall (so a foreign {@code Host}
 * is 421 first) and before the CSRF check and authentication: a malformed request is 400 whoever
 * sends it, which tells nothing about the resources behind the path.
 */
public final class QueryStringCheck extends OncePerRequestFilter {

    private final Predicate<HttpServletRequest> formToo;

    /** {@code formToo}: for which requests the form parameters are read, and must decode, here already. */
    public QueryStringCheck(Predicate<HttpServletRequest> formToo) {
        this.formToo = formToo;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !isWellFormed(query)) {
            Problems.write(response, 400, "Bad request",
                    "the query string is malformed: each name and value must be percent-encoded UTF-8",
                    Problems.instance(request.getRequestURI()));
            return;
        }
        if (formToo.test(request)) {
            try {
                request.getParameterMap();
            } catch (IllegalStateException | IllegalArgumentException e) {
                // Tomcat's InvalidParameterException: a body whose parameters do not decode
                Problems.write(response, 400, "Bad request",
                        "the form-encoded body is malformed: each name and value must be percent-encoded UTF-8",
                        Problems.instance(request.getRequestURI()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Whether every {@code &}-separated part decodes as strict UTF-8 ({@code +} is a space). */
    static boolean isWellFormed(String query) {
        for (String part : query.split("&", -1)) {
            if (!decodes(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean decodes(String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length()) {
                    return false;
                }
                int hi = Character.digit(part.charAt(i + 1), 16);
                int lo = Character.digit(part.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c > 0x7f) {
                // Tomcat hands the raw query over as ISO-8859-1: a byte that was never encoded
                bytes.write(c & 0xff);
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
