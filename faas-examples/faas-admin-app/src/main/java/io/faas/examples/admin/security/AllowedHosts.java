package io.faas.examples.admin.security;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The host names a request's {@code Host} header may name: the loopback names, and
 * {@code faas.admin.security.allowed-hosts}. Any other is refused, so that a page on another
 * site whose name was made to resolve to this host (DNS rebinding) cannot talk to the app.
 */
final class AllowedHosts implements Predicate<String> {

    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> names = new HashSet<>();

    AllowedHosts(List<String> extra) {
        names.addAll(LOOPBACK);
        for (String name : extra) {
            if (name != null && !name.isBlank()) {
                names.add(name.trim().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** The host name as the servlet container parsed it from the {@code Host} header (no port). */
    @Override
    public boolean test(String host) {
        return host != null && names.contains(host.toLowerCase(Locale.ROOT));
    }
}
