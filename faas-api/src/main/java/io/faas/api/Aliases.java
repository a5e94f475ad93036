package io.faas.api;

import java.util.List;
import java.util.Optional;

/**
 * The aliases of Python functions ({@link Alias}): set, move, delete, and compare a shadow
 * version's results with the primary's. Thread-safe.
 *
 * @since 0.2
 */
public interface Aliases {

    /**
     * The function's aliases by name, {@link Alias#LATEST} not included.
     *
     * @throws FunctionNotFoundException if the function does not exist
     */
    List<Alias> list(String function);

    /**
     * One alias of the function; empty if it has none of that name.
     *
     * @throws FunctionNotFoundException if the function does not exist
     */
    Optional<Alias> get(String function, String alias);

    /**
     * Creates or moves an alias, with its canary and shadow: subscriptions that name it run the new
     * versions from their next event on. Rolling back is setting it to the earlier version.
     *
     * @throws FunctionNotFoundException if the function does not exist
     * @throws InvalidFunctionException  if it is a Java function, or a version does not exist
     */
    Alias set(String function, Alias alias);

    /**
     * Deletes an alias.
     *
     * @throws FunctionNotFoundException if the function does not exist
     * @throws AliasNotFoundException    if it has no such alias
     * @throws AliasInUseException       if a subscription of the function names it
     */
    void delete(String function, String alias);

    /**
     * Compares the newest records of the alias's shadow version with the primary records of the
     * same events: same or different outcome, error rates, p50 and p95 durations, and the events
     * that differ.
     *
     * @param limit most shadow records to compare, newest first, 1 to {@link ShadowComparison#MAX_COMPARED}
     * @throws FunctionNotFoundException if the function does not exist
     * @throws AliasNotFoundException    if it has no such alias
     * @throws InvalidFunctionException  if the alias has no shadow version
     */
    ShadowComparison compareShadow(String function, String alias, int limit);
}
