package io.faas.examples.admin.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;

import java.io.Serial;
import java.util.List;

/** A token as the request presented it, before it was checked. */
final class TokenCredentials extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final String BEARER = "bearer ";

    private final transient String token;

    private TokenCredentials(String token) {
        super(List.of());
        this.token = token;
    }

    String token() {
        return token;
    }

    static boolean hasBearerHeader(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /** {@code Authorization: Bearer <token>}; {@code null} (not this kind of request) without one. */
    static TokenCredentials fromBearerHeader(HttpServletRequest request) {
        if (!hasBearerHeader(request)) {
            return null;
        }
        return new TokenCredentials(request.getHeader(HttpHeaders.AUTHORIZATION).substring(BEARER.length()).strip());
    }

    /** The sign-in form's field {@code token}; an empty one is checked (and refused) like any other. */
    static TokenCredentials fromForm(HttpServletRequest request) {
        String token = request.getParameter("token");
        return new TokenCredentials(token == null ? "" : token.strip());
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return "";
    }

    @Override
    public String toString() {
        return "TokenCredentials[hidden]";
    }
}
