package io.faas.api;

/**
 * Registers, updates and deletes functions and their many-to-many mapping to topics.
 *
 * <p>Code and every version are stored centrally, so every dispatcher on every machine runs the
 * same code. A change reaches running dispatchers within about a second; events read after it
 * run the new version.
 *
 * <p>A function's {@link FunctionSpec#environment() environment} is part of each version; its
 * secrets belong to the function, not to a version: a register or update applies the
 * {@link Secrets} change given beside the spec and stores the values encrypted; the version it
 * stores records the function's {@link FunctionSpec#secretNames() secret names} then, so the
 * current version shows the current ones. Every version runs with the current secrets. No read
 * returns a secret's value.
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
    default FunctionVersion register(FunctionSpec spec, String source) {
        return register(spec, source, Secrets.none());
    }

    /**
     * Registers a Python function as version 1 with the secrets {@code secrets} sets.
     *
     * @throws DuplicateFunctionException if the name is taken
     * @throws TopicNotFoundException     if a topic of the spec is not registered
     * @throws InvalidFunctionException   if the code has errors (with diagnostics), the spec is not
     *                                    a Python spec, or a secret has the name of an environment variable
     * @throws PayloadTooLargeException  if the source is over the size limit
     * @since 0.2
     */
    FunctionVersion register(FunctionSpec spec, String source, Secrets secrets);

    /**
     * Registers a Python function whose code is a {@link FunctionPackage package} as version 1,
     * with the secrets {@code secrets} sets. The spec's handler is {@code module.function}; every
     * first-party {@code .py} file is validated (vendored packages, those with a {@code .dist-info}
     * beside them, are not).
     *
     * @throws DuplicateFunctionException if the name is taken
     * @throws TopicNotFoundException     if a topic of the spec is not registered
     * @throws InvalidFunctionException   if the archive is not a safe zip archive, the handler
     *                                    module is missing, the code has errors (with diagnostics),
     *                                    or the spec chooses an executor that cannot run packages
     * @throws PayloadTooLargeException   if the archive, or its content unpacked, is over the limit
     * @since 0.3
     */
    default FunctionVersion register(FunctionSpec spec, FunctionPackage code, Secrets secrets) {
        throw new UnsupportedOperationException("this registry does not store packages");
    }

    /**
     * Stores a new version of a Python function whose code is a {@link FunctionPackage package};
     * checked as {@link #register(FunctionSpec, FunctionPackage, Secrets)} is.
     *
     * @throws FunctionNotFoundException if there is no such function
     * @throws ConcurrentUpdateException if another update of the same function won the race
     * @since 0.3
     */
    default FunctionVersion update(FunctionSpec spec, FunctionPackage code, Secrets secrets) {
        throw new UnsupportedOperationException("this registry does not store packages");
    }

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
    default FunctionVersion register(FunctionSpec spec, FunctionHandler handler) {
        return register(spec, handler, Secrets.none());
    }

    /**
     * Registers a Java function as {@link #register(FunctionSpec, FunctionHandler)} does, and
     * applies {@code secrets}; a change of secrets alone stores a new version too.
     *
     * @since 0.2
     */
    FunctionVersion register(FunctionSpec spec, FunctionHandler handler, Secrets secrets);

    /**
     * Stores a new version of a Python function (version + 1) with new code and spec.
     *
     * @throws FunctionNotFoundException if there is no such function
     * @throws TopicNotFoundException    if a topic of the spec is not registered
     * @throws InvalidFunctionException  if the code has errors
     * @throws ConcurrentUpdateException if another update of the same function won the race
     */
    default FunctionVersion update(FunctionSpec spec, String source) {
        return update(spec, source, Secrets.none());
    }

    /**
     * Stores a new version of a Python function and applies {@code secrets} to its stored ones:
     * secrets the change does not mention keep their values.
     *
     * @throws FunctionNotFoundException if there is no such function
     * @throws TopicNotFoundException    if a topic of the spec is not registered
     * @throws InvalidFunctionException  if the code has errors, or a secret has the name of an
     *                                   environment variable
     * @throws ConcurrentUpdateException if another update of the same function won the race
     * @since 0.2
     */
    FunctionVersion update(FunctionSpec spec, String source, Secrets secrets);

    /**
     * Stores a new version of a Java function and binds the new handler in this process.
     *
     * @throws FunctionNotFoundException if there is no such function
     * @throws TopicNotFoundException    if a topic of the spec is not registered
     */
    default FunctionVersion update(FunctionSpec spec, FunctionHandler handler) {
        return update(spec, handler, Secrets.none());
    }

    /**
     * Stores a new version of a Java function, binds the new handler and applies {@code secrets}.
     *
     * @since 0.2
     */
    FunctionVersion update(FunctionSpec spec, FunctionHandler handler, Secrets secrets);

    /**
     * Deletes a function and all its versions. Its past invocations stay in the ledger.
     *
     * @throws FunctionNotFoundException if there is no such function
     */
    void delete(String name);
}
