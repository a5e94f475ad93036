package io.faas.core.internal.execution.python;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The running {@code faas_worker.py} behind a {@link PythonWorker}: a local child process
 * ({@link LocalWorkerProcess}) or a command on an SSH channel. It gives the three standard
 * streams and the means to end the worker; the framing and the call logic above it are the same
 * for both.
 *
 * <p>{@link #terminate()}, {@link #kill()} and the queries may be called from any thread.
 */
public interface WorkerProcess {

    /** The worker's standard input: request frames. */
    OutputStream stdin();

    /** The worker's standard output: reply frames. */
    InputStream stdout();

    /** The worker's standard error: its debug log, kept for crash reports. */
    InputStream stderr();

    /** Whether the worker still runs. */
    boolean isAlive();

    /** Notes whatever must be signalled later too (the worker's children), while the worker still runs. */
    default void rememberChildren() {
    }

    /** Asks the worker to end (SIGTERM); returns at once. */
    void terminate();

    /** Ends the worker and whatever it started (SIGKILL); closes its streams; returns at once. */
    void kill();

    /**
     * Whether {@link #kill()} promptly ends a read blocked on {@link #stdout()}, so that callers may
     * read replies on their own thread. True for a child process (its pipe closes as it dies); not
     * for a channel to a host that may stop answering.
     */
    default boolean killEndsReads() {
        return false;
    }

    /** Waits for the worker to end; an interrupt ends the wait early and is kept. */
    boolean awaitExit(long millis);

    /** How the worker ended, for messages: {@code exit code 3}, {@code killed by signal 9 (SIGKILL)}. */
    String exitDescription();

    /** Short identity for logs, such as {@code pid 4711} or {@code host-a:22}. */
    String describe();

    /** Releases what the worker held (its private directory, its channel) once it has ended. Idempotent. */
    void cleanUp();

    /** Describes death by signal the way the JDK and OpenSSH name it. */
    static String signalDescription(int signal) {
        String name = switch (signal) {
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            case 24 -> " (SIGXCPU: CPU time limit)";
            default -> "";
        };
        return "killed by signal " + signal + name;
    }
}
