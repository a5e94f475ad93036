package io.faas.api;

/**
 * A function written in Java, registered in-process with
 * {@link FunctionRegistry#register(FunctionSpec, FunctionHandler)}.
 *
 * <p>Called on a dispatcher worker thread; the same handler may be called by several threads at
 * once for events that are not ordered relative to each other, so it must be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface FunctionHandler {

    /**
     * Handles one event.
     *
     * @param event   the decoded JSON payload: a {@code Map<String, Object>}, {@code List<Object>},
     *                {@code String}, {@code Number}, {@code Boolean} or {@code null}
     * @param context the event's position and the function's remaining time and logger
     * @return a value to store as the result; it must be serializable to JSON (maps, lists,
     *         strings, numbers, booleans, null, records and beans)
     * @throws Exception to fail the attempt; its class, message and stack trace are recorded
     */
    Object handle(Object event, FunctionContext context) throws Exception;
}
