package io.faas.examples.admin.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.io.Serial;
import java.util.List;

/** A request authenticated by an API token (bearer header or a signed-in session): its name and role. */
public final class TokenAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Role role;
    /** The token's hash, so that a session ends when its token is deleted (or replaced under the same name). */
    private final String hash;

    TokenAuthentication(String name, Role role, String hash) {
        super(List.of(new SimpleGrantedAuthority(role.authority())));
        this.name = name;
        this.role = role;
        this.hash = hash;
        setAuthenticated(true);
    }

    String hash() {
        return hash;
    }

    @Override
    public String getName() {
        return name;
    }

    public Role role() {
        return role;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return name;
    }
}
