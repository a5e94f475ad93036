package io.faas.api;

import java.util.regex.Pattern;

/**
 * The naming rules for functions and topics, shared by every record that carries a name.
 *
 * <p>Function names: {@code [a-zA-Z][a-zA-Z0-9_-]{0,63}}. Topic names follow Kafka's rules:
 * 1 to 249 characters from {@code [a-zA-Z0-9._-]}, and neither {@code "."} nor {@code ".."}.
 *
 * @since 0.1
 */
public final class Names {
    private static final Pattern FUNCTION = Pattern.compile("[a-zA-Z][a-zA-Z0-9_-]{0,63}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

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

    private static String quote(String name) {
        if (name == null) {
            return "null";
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return "'" + shown + "'";
    }
}
