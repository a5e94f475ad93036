package io.faas.testkit;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.faas.logging.internal.QuietLogs;
import io.faas.testkit.internal.DurableH2Backend;
import io.faas.testkit.internal.IndexedH2Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A server that speaks the MongoDB wire protocol, running in this JVM on 127.0.0.1 (backed by
 * <a href="https://github.com/bwaldvogel/mongo-java-server">mongo-java-server</a>). The official
 * MongoDB drivers connect to it with {@link #connectionString()}.
 *
 * <p>Data is kept in memory and lost on close, or in an H2 file given to
 * {@link Builder#h2File(Path)}, which survives a restart. Writes to a file are acknowledged only
 * once they are committed and synced to disk (see {@link Builder#syncWrites(boolean)}), so an
 * acknowledged write survives a kill -9. In memory and in a file, the non-unique and compound
 * indexes a client creates exist, and queries use them as MongoDB's do (equality on leading
 * keys, a range on the next, the index's order for the sort; see {@link #collectionScans}).
 *
 * <p>It is not a full MongoDB: there are no transactions; change streams need
 * {@link Builder#oplog(boolean)}; non-unique indexes are accepted but ignored (the server logs a
 * warning and queries scan); aggregation stages and error messages cover the common cases only.
 * Unique indexes, single-field and compound, are enforced (E11000).
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.builder().build().start();
 *      MongoClient client = MongoClients.create(mongo.connectionString())) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the
 * server answers on its own (non-daemon) threads until closed. An instance starts once; to
 * restart, build a new one on the same {@link Builder#h2File(Path) file}.
 *
 * @since 0.1
 */
public final class EmbeddedMongo implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private enum State { NEW, RUNNING, CLOSED }

    private final Path h2File;
    private final int requestedPort;
    private final boolean oplog;
    private final boolean syncWrites;

    private final Object lock = new Object();
    private State state = State.NEW;
    private MongoServer server;
    private MongoBackend backend;
    private int port;
    private final boolean closeOnExit;
    private Thread shutdownHook;

    private EmbeddedMongo(Builder builder) {
        this.h2File = builder.h2File;
        this.requestedPort = builder.port;
        this.oplog = builder.oplog;
        this.syncWrites = builder.syncWrites;
        this.closeOnExit = builder.closeOnExit;
    }

    /** A builder for an in-memory server on a random port, without an oplog. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the backend and starts listening.
     *
     * @return this
     * @throws IllegalStateException if this instance was started before, or the server could not
     *                               start (the cause says why); nothing is left running then
     */
    public EmbeddedMongo start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("an EmbeddedMongo starts once; this one is " + state);
            }
            QuietLogs.warnOnly(QuietLogs.MONGO_SERVER);
            MongoServer candidate = null;
            try {
                backend = backend();
                candidate = new MongoServer(backend);
                if (oplog) {
                    candidate.enableOplog();
                }
                MongoServer bound = candidate;
                // Netty's event loops, started here, inherit the quiet scope.
                QuietLogs.quietly(() -> bound.bind("127.0.0.1", requestedPort));
                port = candidate.getLocalAddress().getPort();
            } catch (Exception e) { // Netty throws a BindException without declaring it
                // Netty's event loops are non-daemon threads: they must not outlive a failed start.
                if (candidate != null) {
                    shutdown(candidate);
                }
                state = State.CLOSED;
                throw new IllegalStateException("the embedded MongoDB server did not start (port "
                        + (requestedPort == 0 ? "random" : requestedPort)
                        + (h2File == null ? "" : ", file " + h2File) + ")", e);
            }
            server = candidate;
            state = State.RUNNING;
            if (closeOnExit) {
                shutdownHook = new Thread(this::close, "faas-embedded-mongo-exit");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            log.debug("embedded MongoDB server on 127.0.0.1:{} ({})", port, h2File == null ? "in memory" : h2File);
            return this;
        }
    }

    /**
     * How many queries of a collection have read every one of its documents since the start:
     * for tests that check that an index serves a query. -1 for an H2 file without
     * {@link Builder#syncWrites(boolean) synced writes} (the stock backend, which has only
     * unique indexes and does not count).
     *
     * @throws IllegalStateException if the server is not running
     */
    public long collectionScans(String database, String collection) {
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("the embedded MongoDB server is " + state);
            }
            return backend instanceof IndexedH2Backend indexed ? indexed.scans(database, collection) : -1;
        }
    }

    private MongoBackend backend() {
        if (h2File == null) {
            return IndexedH2Backend.inMemory();
        }
        try {
            Path parent = h2File.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the directory of " + h2File, e);
        }
        String file = h2File.toAbsolutePath().toString();
        return syncWrites ? DurableH2Backend.open(file) : new H2Backend(file);
    }

    private static void shutdown(MongoServer server) {
        try {
            server.shutdownNow();
        } catch (RuntimeException e) {
            log.warn("error while stopping the embedded MongoDB server", e);
        }
    }

    /** Whether the server has started and is not closed. */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    /**
     * A connection string for the MongoDB drivers, such as {@code mongodb://127.0.0.1:41235}.
     *
     * @throws IllegalStateException unless running
     */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + port();
    }

    /**
     * The port the server listens on.
     *
     * @throws IllegalStateException unless running
     */
    public int port() {
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("the embedded MongoDB server is not running (" + state + ")");
            }
            return port;
        }
    }

    /**
     * Disconnects every client, stops the server's threads and closes the backend (an H2 file
     * is written out). Calling it again, or on a server that never started, does nothing.
     */
    @Override
    public void close() {
        MongoServer running;
        synchronized (lock) {
            if (state != State.RUNNING) {
                state = State.CLOSED;
                return;
            }
            state = State.CLOSED;
            running = server;
            server = null;
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException alreadyExiting) {
                    // the JVM is exiting and the hook runs or ran: nothing to undo
                }
            }
        }
        // Bounded: Netty gives its event loops at most 5 s to finish.
        shutdown(running);
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "EmbeddedMongo[" + state + (state == State.RUNNING ? ", 127.0.0.1:" + port : "")
                    + (h2File == null ? ", in memory" : ", " + h2File) + "]";
        }
    }

    /**
     * Settings of an {@link EmbeddedMongo}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Path h2File;
        private int port;
        private boolean oplog;
        private boolean syncWrites = true;
        private boolean closeOnExit = true;

        private Builder() {
        }

        /**
         * Keeps the data in an H2 database file (created if missing, with its parent
         * directories) instead of memory, so it survives a restart. One server at a time may
         * open a file.
         */
        public Builder h2File(Path file) {
            this.h2File = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Whether the server answers a write to an {@link #h2File(Path) H2 file} only once it is
         * committed and synced to disk (default true), so that an acknowledged write survives a
         * kill -9 of this JVM or a power cut. Off, writes are acknowledged from memory and the
         * file catches up about once a second (the H2 backend's own way: a crash loses up to a
         * second of acknowledged writes), and only unique indexes exist; for benchmarks only.
         * No effect in memory.
         */
        public Builder syncWrites(boolean syncWrites) {
            this.syncWrites = syncWrites;
            return this;
        }

        /** Keeps the data in memory (the default). */
        public Builder inMemory() {
            this.h2File = null;
            return this;
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Whether to keep an oplog, which change streams ({@code watch()}) need (default off:
         * writes are cheaper without it).
         */
        public Builder oplog(boolean enabled) {
            this.oplog = enabled;
            return this;
        }

        /**
         * Whether a JVM shutdown hook closes the server when the JVM exits (default true). Turn it
         * off when the host closes it itself, in order: a Spring context, say, whose beans still
         * use the server while they shut down after SIGTERM (shutdown hooks run in parallel).
         */
        public Builder closeOnExit(boolean closeOnExit) {
            this.closeOnExit = closeOnExit;
            return this;
        }

        /** An embedded server with these settings, not yet started. */
        public EmbeddedMongo build() {
            return new EmbeddedMongo(this);
        }
    }
}
