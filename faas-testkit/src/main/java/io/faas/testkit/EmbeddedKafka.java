package io.faas.testkit;

import io.faas.logging.internal.QuietLogs;
import io.faas.testkit.internal.Directories;
import io.faas.testkit.internal.FreePorts;
import io.faas.testkit.internal.KafkaExitGuard;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A real Kafka broker running in this JVM: one KRaft node in combined mode (broker and
 * controller), listening on 127.0.0.1.
 *
 * <p>Its data lives in a temporary directory that {@link #close()} deletes, or in a directory
 * given to {@link Builder#logDir(Path)}, which is kept: a directory formatted by an earlier run
 * is reused as it is, so topics and records survive a restart.
 *
 * <p>Tuned for one node: internal topics (consumer offsets, transactions, share-group state)
 * have replication factor 1, consumer groups rebalance without the initial delay, and topics
 * are never created automatically. Both consumer group protocols work ({@code classic} and
 * {@code consumer}, KIP-848). The broker logs warnings and errors only: its own
 * loggers are set to WARN, and its INFO events on the shared Kafka loggers (three dumps of its
 * configuration) are dropped, unless the host application configured those loggers.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:41234"
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@link #start()} and {@link #close()} may be called from any thread; the
 * broker runs on its own threads. An instance starts once; to restart, build a new one on the
 * same {@link Builder#logDir(Path) log directory}.
 *
 * @since 0.1
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int BIND_ATTEMPTS = 5;
    private static final Set<String> RESERVED = Set.of(
            "process.roles", "node.id", "listeners", "advertised.listeners", "controller.listener.names",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers", "listener.security.protocol.map",
            "inter.broker.listener.name", "log.dir", "log.dirs", "metadata.log.dir");

    private enum State { NEW, RUNNING, CLOSED }

    private final Path givenLogDir;
    private final int requestedPort;
    private final Map<String, String> brokerProperties;
    private final Duration closeTimeout;

    private final Object lock = new Object();
    private State state = State.NEW;
    private KafkaRaftServer server;
    private Path logDir;
    private int port;
    private final boolean closeOnExit;
    private Thread shutdownHook;

    private EmbeddedKafka(Builder builder) {
        this.givenLogDir = builder.logDir;
        this.requestedPort = builder.port;
        this.brokerProperties = Map.copyOf(builder.brokerProperties);
        this.closeTimeout = builder.closeTimeout;
        this.closeOnExit = builder.closeOnExit;
    }

    /** A builder with a temporary log directory, a random port and no extra broker properties. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the log directory if it is new and starts the broker; returns when the broker
     * accepts requests. With a random port, a port taken by someone else between choosing and
     * binding it is retried with another one.
     *
     * @return this
     * @throws IllegalStateException    if this instance was started before, or the broker failed
     *                                  to start (the cause says why); nothing is left running then
     * @throws IllegalArgumentException if a {@link Builder#brokerProperty(String, String) broker
     *                                  property} is not acceptable to Kafka
     */
    public EmbeddedKafka start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("an EmbeddedKafka starts once; this one is " + state);
            }
            QuietLogs.warnOnly(QuietLogs.KAFKA_BROKER);
            Path dir = prepareLogDir();
            KafkaExitGuard.acquire();
            try {
                // The broker prints its configuration three times (~340 lines each) and every step
                // of its start at INFO; its threads inherit the quiet scope (warnings still show).
                QuietLogs.quietly(() -> startWithRetries(dir));
            } catch (RuntimeException | Error e) {
                KafkaExitGuard.release();
                if (givenLogDir == null) {
                    Directories.deleteQuietly(dir);
                }
                state = State.CLOSED;
                throw e;
            }
            logDir = dir;
            state = State.RUNNING;
            if (closeOnExit) {
                shutdownHook = new Thread(this::close, "faas-embedded-kafka-exit");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            return this;
        }
    }

    private Path prepareLogDir() {
        try {
            if (givenLogDir == null) {
                return Files.createTempDirectory("faas-kafka-");
            }
            return Files.createDirectories(givenLogDir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the Kafka log directory", e);
        }
    }

    private void startWithRetries(Path dir) {
        if (requestedPort != 0 && !FreePorts.isFree(requestedPort)) {
            throw new IllegalStateException("port " + requestedPort + " on 127.0.0.1 is taken: the embedded Kafka"
                    + " broker cannot listen on it");
        }
        for (int attempt = 1; ; attempt++) {
            int brokerPort = requestedPort == 0 ? FreePorts.pick() : requestedPort;
            int controllerPort = FreePorts.pickOtherThan(brokerPort);
            KafkaConfig config;
            try {
                config = new KafkaConfig(config(dir, brokerPort, controllerPort), false);
            } catch (ConfigException e) {
                throw new IllegalArgumentException("invalid embedded Kafka broker configuration: " + e.getMessage(), e);
            }
            formatIfNew(config, dir);
            KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
            long started = System.nanoTime();
            try {
                candidate.startup();
                server = candidate;
                port = brokerPort;
                log.debug("embedded Kafka broker on 127.0.0.1:{} ready in {} ms (log dir {})", brokerPort,
                        (System.nanoTime() - started) / 1_000_000, dir);
                return;
            } catch (Throwable e) {
                stop(candidate);
                // A fixed port that is taken stays taken: retry only races on ports we chose.
                boolean fixedPortTaken = requestedPort != 0 && !FreePorts.isFree(requestedPort);
                if (isBindFailure(e) && !fixedPortTaken && attempt < BIND_ATTEMPTS) {
                    log.debug("port race on attempt {}, retrying with other ports: {}", attempt, e.toString());
                    continue;
                }
                throw new IllegalStateException("the embedded Kafka broker did not start (port "
                        + (requestedPort == 0 ? "random" : requestedPort) + ", log dir " + dir + ")", e);
            }
        }
    }

    private Map<String, String> config(Path dir, int brokerPort, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", dir.toString());
        // One node: every internal topic can only have one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", "1");
        // Tests want a group to form at once and topics to exist only when created.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        // The log cleaner's default 128 MiB buffer is sized for production heaps.
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        // After a crash the restarted controller counts the dead broker's registration as alive
        // for a whole broker session and refuses the new one until then (Kafka's 9 s default):
        // the restart waited that long. Broker and controller share this process, so heartbeats
        // are local and a short session is safe.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "2500");
        // Share groups: a test may give its group a lock of a second (Kafka's floor is 15 s), to
        // show a long call keeps its record without waiting that long.
        props.put("group.share.min.record.lock.duration.ms", "1000");
        props.putAll(brokerProperties);
        return props;
    }

    private static void formatIfNew(KafkaConfig config, Path dir) {
        if (Files.exists(dir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(dir.toString()))
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory " + dir, e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static void stop(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.debug("error while stopping the embedded Kafka broker", e);
        }
    }

    /** Whether the broker has started and is not closed. */
    public boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    /**
     * The value for a client's {@code bootstrap.servers}, such as {@code 127.0.0.1:41234}.
     *
     * @throws IllegalStateException unless running
     */
    public String bootstrapServers() {
        return "127.0.0.1:" + port();
    }

    /**
     * The port the broker listens on for clients.
     *
     * @throws IllegalStateException unless running
     */
    public int port() {
        synchronized (lock) {
            requireRunning();
            return port;
        }
    }

    /**
     * The directory holding the broker's data: the given one or the temporary one.
     *
     * @throws IllegalStateException unless running
     */
    public Path logDir() {
        synchronized (lock) {
            requireRunning();
            return logDir;
        }
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the embedded Kafka broker is not running (" + state + ")");
        }
    }

    /**
     * Stops the broker, waiting at most the {@link Builder#closeTimeout(Duration) close timeout},
     * and deletes a temporary log directory. Calling it again, or on a broker that never started,
     * does nothing.
     */
    @Override
    public void close() {
        KafkaRaftServer running;
        Path dir;
        synchronized (lock) {
            if (state == State.CLOSED || state == State.NEW) {
                state = State.CLOSED;
                return;
            }
            state = State.CLOSED;
            running = server;
            dir = logDir;
            server = null;
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException alreadyExiting) {
                    // the JVM is exiting and the hook runs or ran: nothing to undo
                }
            }
        }
        Thread stopper = new Thread(() -> QuietLogs.quietly(() -> stop(running)), "faas-embedded-kafka-close");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(closeTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            log.warn("the embedded Kafka broker did not stop within {}; leaving it to the JVM", closeTimeout);
        }
        KafkaExitGuard.release();
        if (givenLogDir == null && !stopper.isAlive()) {
            Directories.deleteQuietly(dir);
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "EmbeddedKafka[" + state + (state == State.RUNNING ? ", 127.0.0.1:" + port + ", " + logDir : "")
                    + "]";
        }
    }

    /**
     * Settings of an {@link EmbeddedKafka}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Path logDir;
        private int port;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Duration closeTimeout = Duration.ofSeconds(30);
        private boolean closeOnExit = true;

        private Builder() {
        }

        /**
         * Keeps the broker's data in {@code dir} (created if missing) instead of a temporary
         * directory. The directory is not deleted on close; one formatted by an earlier run is
         * reused, with its topics and records.
         */
        public Builder logDir(Path dir) {
            this.logDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Port for clients on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets a broker configuration property, such as {@code log.retention.ms}; applied after
         * the defaults. Listener, role, node and directory properties are the embedded broker's own.
         *
         * @throws IllegalArgumentException for a property the embedded broker must set itself
         */
        public Builder brokerProperty(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("broker property '" + name + "' is set by EmbeddedKafka itself");
            }
            brokerProperties.put(name, value);
            return this;
        }

        /** Sets several broker properties. See {@link #brokerProperty(String, String)}. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** Longest time {@link EmbeddedKafka#close()} waits for the broker to stop (default 30 s). */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("close timeout must be positive: " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Whether a JVM shutdown hook closes the broker when the JVM exits (default true). Turn it
         * off when the host closes it itself, in order: a Spring context, say, whose beans still
         * use the broker while they shut down after SIGTERM (shutdown hooks run in parallel).
         */
        public Builder closeOnExit(boolean closeOnExit) {
            this.closeOnExit = closeOnExit;
            return this;
        }

        /** An embedded broker with these settings, not yet started. */
        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
