package io.faas.examples.admin.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** Who sent the request being handled. */
public final class Callers {

    /** The audit log's "who" when authentication is off. */
    public static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    /** The token of the request on this thread; empty when authentication is off. */
    public static Optional<TokenAuthentication> current() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a instanceof TokenAuthentication t ? Optional.of(t) : Optional.empty();
    }

    /** Whether the request's token is a publisher's, which sees only the invocations of its own events. */
    public static Optional<String> publisher() {
        return current().filter(t -> t.role() == Role.PUBLISHER).map(TokenAuthentication::getName);
    }
}
