package io.faas.api;

import java.util.List;
import java.util.Optional;

/**
 * Reads the invocation ledger.
 *
 * <p>Implementations are thread-safe.
 *
 * @since 0.1
 */
public interface InvocationStore {

    /** The record with the given ledger id. */
    Optional<Invocation> find(String id);

    /** Records matching the query, newest first, one page at a time. */
    InvocationPage query(InvocationQuery query);

    /** Every record of one event, by function name. */
    List<Invocation> forEvent(String eventId);
}
