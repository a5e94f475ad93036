package io.faas.examples.admin.security;

import java.time.Instant;

/**
 * A stored token as it may be shown: never its value, never its hash.
 *
 * @param name       unique name, the "who" of the audit log
 * @param role       what it may do
 * @param createdAt  when it was created
 * @param lastUsedAt when it last authenticated a request (to the minute), {@code null} if never
 */
public record ApiToken(String name, Role role, Instant createdAt, Instant lastUsedAt) {
}
