package io.faas.api;

import java.util.regex.Pattern;

/**
 * The naming rules for functions and topics, shared by every record that carries a name.
 *
 * <p>Function names: {@code [a-zA-Z][a-zA-Z0-9_-]{0,63}}. Topic names follow Kafka's rules:
 * 1 to 249 characters from {@code [a-zA-Z0-9._-]}, and neither {@code "."} nor {@code ".."}.
 * Names of environment variables and secrets: see {@link #requireVariableName(String)}.
 *
 * @since 0.1
 */
public final class Names {
    private static final Pattern FUNCTION = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final java.util.Set<String> RESERVED_VARIABLES = java.util.Set.of(
            "PATH", "HOME", "LANG", "TMPDIR", "PWD", "SHELL", "USER", "LOGNAME");
    private static final java.util.List<String> RESERVED_VARIABLE_PREFIXES = java.util.List.of(
            "LC_", "PYTHON", "LD_", "FAAS_");

    private Names() {
    }

    /** Whether {@code name} is a legal function name. */
    public static boolean isValidFunctionName(String name) {
        return name != null && FUNCTION.matcher(name).matches();
    }

    /** Whether {@code name} is a legal Kafka topic name. */
    public static boolean isValidTopicName(String name) {
        return name != null && TOPIC.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /**
     * Returns {@code name} if it is a legal function name.
     *
     * @throws IllegalArgumentException naming the rule that was broken
     */
    public static String requireFunctionName(String name) {
        if (!isValidFunctionName(name)) {
            throw new IllegalArgumentException("invalid function name " + quote(name)
                    + ": it must start with a letter and contain only letters, digits, '_' and '-', at most 64 characters");
        }
        return name;
    }

    /**
     * Returns {@code name} if it is a legal topic name.
     *
     * @throws IllegalArgumentException naming the rule that was broken
     */
    public static String requireTopicName(String name) {
        if (!isValidTopicName(name)) {
            throw new IllegalArgumentException("invalid topic name " + quote(name)
                    + ": it must be 1 to 249 characters of letters, digits, '.', '_' and '-', and not '.' or '..'");
        }
        return name;
    }

    /** Whether {@code name} is a legal alias name: {@code [a-z][a-z0-9_-]{0,31}}. */
    public static boolean isValidAliasName(String name) {
        return name != null && ALIAS.matcher(name).matches();
    }

    /**
     * Returns {@code name} if it is a legal alias name (see {@link Alias}).
     *
     * @throws IllegalArgumentException naming the rule that was broken
     * @since 0.2
     */
    public static String requireAliasName(String name) {
        if (!isValidAliasName(name)) {
            throw new IllegalArgumentException("invalid alias name " + quote(name)
                    + ": it must start with a lower-case letter and contain only lower-case letters, digits, '_' and"
                    + " '-', at most 32 characters");
        }
        return name;
    }

    /**
     * Whether {@code name} may name an environment variable or a secret of a function:
     * {@code [A-Za-z_][A-Za-z0-9_]*}, at most 128 characters, and not reserved (see
     * {@link #requireVariableName(String)}).
     */
    public static boolean isValidVariableName(String name) {
        return variableProblem(name) == null;
    }

    /**
     * Returns {@code name} if it may name an environment variable or a secret of a function.
     * Names the worker's own environment uses are reserved: {@code PATH}, {@code HOME},
     * {@code LANG}, {@code TMPDIR}, {@code PWD}, {@code SHELL}, {@code USER}, {@code LOGNAME},
     * and every name starting with {@code LC_}, {@code PYTHON}, {@code LD_} or {@code FAAS_}.
     *
     * @throws IllegalArgumentException naming the rule that was broken
     */
    public static String requireVariableName(String name) {
        String problem = variableProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("invalid variable name " + quote(name) + ": " + problem);
        }
        return name;
    }

    private static String variableProblem(String name) {
        if (name == null || !VARIABLE.matcher(name).matches()) {
            return "it must start with a letter or '_' and contain only letters, digits and '_', at most 128 characters";
        }
        if (RESERVED_VARIABLES.contains(name)) {
            return "it is reserved for the worker's own environment";
        }
        for (String prefix : RESERVED_VARIABLE_PREFIXES) {
            if (name.startsWith(prefix)) {
                return "names starting with " + prefix + " are reserved for the worker's own environment";
            }
        }
        return null;
    }

    private static String quote(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return "'" + shown + "'";
    }
}
