package io.faas.api;

/**
 * An event filter ({@link EventFilter}) was refused: {@link #path()} names the part of the pattern
 * at fault (such as {@code detail.amount} or {@code $or[1].type}, empty for the pattern itself) and
 * {@link #reason()} says what to change. The message is {@code path: reason}.
 *
 * @since 0.2
 */
public class InvalidFilterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String reason;

    public InvalidFilterException(String path, String reason) {
        super(path == null || path.isEmpty() ? reason : path + ": " + reason);
        this.path = path == null ? "" : path;
        this.reason = reason;
    }

    /** Where in the pattern the problem is, fields joined by dots; empty for the pattern as a whole. */
    public String path() {
        return path;
    }

    /** What is wrong there, without the path. */
    public String reason() {
        return reason;
    }

    /** The same problem seen from a pattern nested under {@code prefix} (such as {@code subscriptions[0].filter}). */
    public InvalidFilterException under(String prefix) {
        return new InvalidFilterException(path.isEmpty() ? prefix : prefix + "." + path, reason);
    }
}
