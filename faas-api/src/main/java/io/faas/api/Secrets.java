package io.faas.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A change to a function's secrets, given to {@link FunctionRegistry#register(FunctionSpec, String, Secrets)}
 * and {@link FunctionRegistry#update(FunctionSpec, String, Secrets)}: values to set (or replace)
 * and names to remove. Secrets the change does not mention keep their stored values, so an
 * update with {@link #none()} keeps them all.
 *
 * <p>Secrets are write-only: a registry stores their values encrypted and returns only their
 * names ({@link FunctionSpec#secretNames()}); the function sees them as environment variables,
 * like {@link FunctionSpec#environment()}. {@link #toString()} shows names only, so a change
 * can be logged.
 *
 * <pre>{@code
 * registry.update(spec, source, Secrets.none().set("API_TOKEN", token).remove("OLD_TOKEN"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class Secrets {

    /** Most secrets one function may have. */
    public static final int MAX_SECRETS = 64;
    /** Longest value of a secret, in characters. */
    public static final int MAX_VALUE_LENGTH = 4096;

    private static final Secrets NONE = new Secrets(Map.of(), Set.of());

    private final Map<String, String> values;
    private final Set<String> removed;

    private Secrets(Map<String, String> values, Set<String> removed) {
        this.values = values;
        this.removed = removed;
    }

    /** The change that changes nothing. */
    public static Secrets none() {
        return NONE;
    }

    /**
     * A change that sets every given secret.
     *
     * @throws IllegalArgumentException if a name or value is not acceptable (see {@link #set})
     */
    public static Secrets of(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        Secrets secrets = NONE;
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            secrets = secrets.set(e.getKey(), e.getValue());
        }
        return secrets;
    }

    /**
     * This change, and also set the secret {@code name} to {@code value} (replacing a stored value).
     *
     * @throws IllegalArgumentException if the name is not a legal variable name
     *                                  ({@link Names#requireVariableName}), the value is empty, longer
     *                                  than {@value #MAX_VALUE_LENGTH} characters or holds a NUL character
     */
    public Secrets set(String name, String value) {
        Names.requireVariableName(name);
        Objects.requireNonNull(value, () -> "value of secret " + name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("secret " + name + " has an empty value; remove it instead");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value of secret " + name + " is longer than " + MAX_VALUE_LENGTH
                    + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("value of secret " + name + " holds a NUL character");
        }
        TreeMap<String, String> v = new TreeMap<>(values);
        v.put(name, value);
        if (v.size() > MAX_SECRETS) {
            throw new IllegalArgumentException("a function has at most " + MAX_SECRETS + " secrets");
        }
        TreeSet<String> r = new TreeSet<>(removed);
        r.remove(name);
        return new Secrets(Collections.unmodifiableMap(v), Collections.unmodifiableSet(r));
    }

    /**
     * This change, and also remove the secret {@code name}; removing one that is not stored does nothing.
     *
     * @throws IllegalArgumentException if the name is not a legal variable name
     */
    public Secrets remove(String name) {
        Names.requireVariableName(name);
        TreeMap<String, String> v = new TreeMap<>(values);
        v.remove(name);
        TreeSet<String> r = new TreeSet<>(removed);
        r.add(name);
        return new Secrets(Collections.unmodifiableMap(v), Collections.unmodifiableSet(r));
    }

    /** Values to set, by name. For registry implementations; never log them. */
    public Map<String, String> values() {
        return values;
    }

    /** Names to remove. */
    public Set<String> removed() {
        return removed;
    }

    /** Whether this change changes nothing. */
    public boolean isEmpty() {
        return values.isEmpty() && removed.isEmpty();
    }

    /**
     * The names of the stored secrets after this change is applied to {@code stored}.
     *
     * @throws IllegalArgumentException if there would be more than {@value #MAX_SECRETS}
     */
    public Set<String> applyTo(Set<String> stored) {
        TreeSet<String> names = new TreeSet<>(stored);
        names.removeAll(removed);
        names.addAll(values.keySet());
        if (names.size() > MAX_SECRETS) {
            throw new IllegalArgumentException("a function has at most " + MAX_SECRETS + " secrets");
        }
        return Collections.unmodifiableSet(names);
    }

    /** Names only, never values: {@code Secrets[set=[A, B], remove=[C]]}. */
    @Override
    public String toString() {
        return "Secrets[set=" + values.keySet() + ", remove=" + removed + "]";
    }
}
