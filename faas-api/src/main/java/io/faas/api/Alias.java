package io.faas.api;

import java.util.Objects;

/**
 * A named pointer to a version of a Python function ({@code live → 3}): subscriptions name an alias
 * ({@link Subscription#alias()}), so moving the alias changes what their events run, in one call,
 * and rolling back is moving it back. {@link #LATEST} is every function's implicit alias of its
 * newest version; it cannot be set or deleted.
 *
 * <p>An alias may also split its events between two versions ({@link Canary}: the canary version
 * takes {@code weight} percent of the events, chosen by the event's key, so a key always runs the
 * same version while the weights stay), and run a third version in the shadow of its events
 * ({@code shadowVersion}: the shadow runs on the same events, its records are kept apart, never
 * dead-lettered and never sent to destinations, and they are compared with the primary's; its side
 * effects happen).
 *
 * @param name          {@code [a-z][a-z0-9_-]{0,31}}, not {@code latest}
 * @param version       the version that runs (the primary one when there is a canary)
 * @param canary        the second version and its share of events; {@code null} for none
 * @param shadowVersion a version that also runs on every event, apart; 0 for none
 * @since 0.2
 */
public record Alias(String name, int version, Canary canary, int shadowVersion) {

    /** Name of the implicit alias of a function's newest version. */
    public static final String LATEST = "latest";

    /**
     * A share of an alias's events that runs another version.
     *
     * @param version the canary version, not the alias's own
     * @param weight  percent of the events, 1 to 99
     */
    public record Canary(int version, int weight) {
        public Canary {
            if (version < 1) {
                throw new IllegalArgumentException("canary version must be >= 1: " + version);
            }
            if (weight < 1 || weight > 99) {
                throw new IllegalArgumentException("canary weight must be a percentage from 1 to 99: " + weight);
            }
        }
    }

    public Alias {
        Objects.requireNonNull(name, "name");
        Names.requireAliasName(name);
        if (LATEST.equals(name)) {
            throw new IllegalArgumentException("alias 'latest' always points to the newest version; it cannot be set");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version of alias '" + name + "' must be >= 1: " + version);
        }
        if (canary != null && canary.version() == version) {
            throw new IllegalArgumentException("the canary of alias '" + name + "' must be another version than "
                    + version);
        }
        if (shadowVersion < 0) {
            throw new IllegalArgumentException("shadow version of alias '" + name + "' must be >= 1, or 0 for none: "
                    + shadowVersion);
        }
    }

    /** An alias of one version, with no canary and no shadow. */
    public static Alias of(String name, int version) {
        return new Alias(name, version, null, 0);
    }

    /** This alias with a canary taking {@code weight} percent of the events. */
    public Alias withCanary(int canaryVersion, int weight) {
        return new Alias(name, version, new Canary(canaryVersion, weight), shadowVersion);
    }

    /** This alias with a shadow version. */
    public Alias withShadow(int shadowVersion) {
        return new Alias(name, version, canary, shadowVersion);
    }

    /** Every version the alias names: its own, the canary's and the shadow's, in order. */
    public java.util.SortedSet<Integer> versions() {
        java.util.SortedSet<Integer> versions = new java.util.TreeSet<>();
        versions.add(version);
        if (canary != null) {
            versions.add(canary.version());
        }
        if (hasShadow()) {
            versions.add(shadowVersion);
        }
        return java.util.Collections.unmodifiableSortedSet(versions);
    }

    /** Whether a shadow version runs beside the alias. */
    public boolean hasShadow() {
        return shadowVersion > 0;
    }

    /**
     * The version that runs an event with this key (or, for an event without one, this id):
     * {@code canary.version()} for {@code canary.weight()} percent of the keys, the same key always
     * the same version.
     */
    public int versionFor(String key) {
        if (canary == null) {
            return version;
        }
        return bucket(key) < canary.weight() ? canary.version() : version;
    }

    /**
     * The percentile bucket, 0 to 99, of a key: FNV-1a over its UTF-8 bytes, so the same in every
     * JVM and every instance.
     */
    static int bucket(String key) {
        int hash = 0x811c9dc5;
        for (byte b : (key == null ? "" : key).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x01000193;
        }
        return Math.floorMod(hash, 100);
    }
}
