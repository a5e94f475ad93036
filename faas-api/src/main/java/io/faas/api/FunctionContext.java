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
}
