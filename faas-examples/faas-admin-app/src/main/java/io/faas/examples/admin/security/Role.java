package io.faas.examples.admin.security;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a token may do. {@code admin}: everything, tokens and the audit log included;
 * {@code developer}: topics, functions, validation, publishing, the ledger and redrive;
 * {@code publisher}: publishing, and reading the invocations of the events it published;
 * {@code viewer}: reading topics, functions, the ledger and the metrics.
 */
public enum Role {
    ADMIN, DEVELOPER, PUBLISHER, VIEWER;

    /** The name as written in the API and the database: {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority, {@code ROLE_ADMIN}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** A role from the API's words, case-insensitive; a message that lists the roles otherwise. */
    public static Role of(String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.id().equalsIgnoreCase(text.trim())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("'role' must be one of " + Arrays.stream(values()).map(Role::id).toList());
    }
}
