package io.faas.core.spi;

import java.util.Collection;

/**
 * What a client offers the executors it runs: who it is, how much work waits for an executor, and
 * leases shared with the other instances on the same database. Given to a
 * {@link ContextualExecutor} before it starts. Thread-safe.
 *
 * @since 0.2
 */
public interface ExecutorContext {

    /** Names this client where instances share work, e.g. as the holder of a lease; unique per client. */
    String instanceId();

    /**
     * The backlog of the executor {@code executorName} as this instance sees it: records of the
     * topics whose functions run on it (by the function's choice or the topic's binding) and of
     * {@code topics} that the dispatcher has not read (consumer lag), plus those read but not yet
     * run and recorded. 0 until the dispatcher exists.
     */
    long backlog(String executorName, Collection<String> topics);

    /**
     * The lease {@code name}, shared by every client on the same MongoDB database, for work that at
     * most one instance may do at a time.
     */
    Lease lease(String name);

    /**
     * The stored zip archive of the function package with this digest
     * ({@link io.faas.api.FunctionVersion#packageDigest()}), for an executor to unpack; empty if
     * there is none.
     *
     * @since 0.3
     */
    default java.util.Optional<byte[]> functionPackage(String digest) {
        return java.util.Optional.empty();
    }

    /**
     * The digests of the layers the stored package {@code digest} runs with (its resolved
     * {@code requirements.txt}), each readable with {@link #functionPackage}, in {@code sys.path}
     * order; empty for none.
     *
     * @since 0.3
     */
    default java.util.List<String> packageLayers(String digest) {
        return java.util.List.of();
    }
}
