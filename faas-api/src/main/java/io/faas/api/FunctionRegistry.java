package io.faas.api;

/**
 * Registers, updates and deletes functions and their many-to-many mapping to topics.
 *
 * <p>Code and every version are stored centrally, so every dispatcher on every machine runs the
 * same code. A change reaches running dispatchers within about a second; events read after it
 * run the new version.
 *
 * <p>Implementations are thread-safe. A write either completes or leaves nothing behind.
 *
 * @since 0.1
 */
public interface FunctionRegistry extends FunctionCatalog {

    /**
     * Registers a Python function as version 1.
     *
     * @throws DuplicateFunctionException if the name is taken
     * @throws TopicNotFoundException     if a topic of the spec is not registered
     * @throws InvalidFunctionException   if the code has errors (with diagnostics) or the spec
     *                                    is not a Python spec
     * @throws PayloadTooLargeException  if the source is over the size limit
     */
    FunctionVersion register(FunctionSpec spec, String source);

    /**
     * Registers a Java function whose handler runs in this process. Registering the same name
     * again from a host app (another instance, or after a restart) binds the handler locally and
     * stores a new version only if the spec changed; a name used by a Python function, or by
     * another handler in this process, is refused.
     *
     * @throws DuplicateFunctionException if the name is taken as described
     * @throws TopicNotFoundException     if a topic of the spec is not registered
     * @throws InvalidFunctionException   if the spec is not a Java spec
     */
    FunctionVersion register(FunctionSpec spec, FunctionHandler handler);

    /**
     * Stores a new version of a Python function (version + 1) with new code and spec.
     *
     * @throws FunctionNotFoundException if there is no such function
     * @throws TopicNotFoundException    if a topic of the spec is not registered
     * @throws InvalidFunctionException  if the code has errors
     * @throws ConcurrentUpdateException if another update of the same function won the race
     */
    FunctionVersion update(FunctionSpec spec, String source);

    /**
     * Stores a new version of a Java function and binds the new handler in this process.
     *
     * @throws FunctionNotFoundException if there is no such function
     * @throws TopicNotFoundException    if a topic of the spec is not registered
     */
    FunctionVersion update(FunctionSpec spec, FunctionHandler handler);

    /**
     * Deletes a function and all its versions. Its past invocations stay in the ledger.
     *
     * @throws FunctionNotFoundException if there is no such function
     */
    void delete(String name);
}
