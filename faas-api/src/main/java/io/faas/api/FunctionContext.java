package io.faas.api;

import java.time.Duration;
import java.util.Map;

/**
 * What a running function knows about its invocation. The Python {@code context} argument has
 * the same fields in snake case.
 *
 * <p>Valid only during the call it was passed to.
 *
 * @since 0.1
 */
public interface FunctionContext {

    String functionName();

    int functionVersion();

    String topic();

    int partition();

    long offset();

    /** Record key, or {@code null} when the record has none. */
    String key();

    String eventId();

    Map<String, String> headers();

    /** 1-based number of this attempt. */
    int attempt();

    /** Time left before this attempt times out; never negative. */
    Duration remainingTime();

    /** Logger whose lines go into the invocation's logs. */
    FunctionLogger logger();

    /**
     * The function's environment variables and decrypted secrets, by name (what a Python
     * function finds in {@code os.environ}). Not the host process's environment.
     *
     * @since 0.2
     */
    default Map<String, String> environment() {
        return Map.of();
    }

    /**
     * One variable of {@link #environment()}, or {@code null} when the function has none of that name.
     *
     * @since 0.2
     */
    default String getenv(String name) {
        return environment().get(name);
    }
}
