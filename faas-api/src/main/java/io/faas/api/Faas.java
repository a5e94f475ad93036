package io.faas.api;

/**
 * The whole system as one handle: registries, publisher, ledger and dispatcher sharing one set
 * of connections.
 *
 * <p>Thread-safe. Closing it closes the dispatcher (if started) and every connection.
 *
 * @since 0.1
 */
public interface Faas extends AutoCloseable {

    FunctionRegistry functions();

    TopicRegistry topics();

    /**
     * Shared layers of Python distributions that functions name.
     *
     * @throws UnsupportedOperationException if this implementation has none
     * @since 0.3
     */
    default LayerRegistry layers() {
        throw new UnsupportedOperationException("this faas has no layer registry");
    }

    EventPublisher publisher();

    InvocationStore invocations();

    /** The dispatcher of this instance; not started until {@link Dispatcher#start()} is called. */
    Dispatcher dispatcher();

    @Override
    void close();
}
