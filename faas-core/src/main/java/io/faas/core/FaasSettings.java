package io.faas.core;

import io.faas.core.internal.common.SettingsChecks;
import io.faas.api.FunctionSpec;
import io.faas.api.Names;

import io.faas.core.internal.secrets.SecretsKeys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link FaasClients#create(FaasSettings)} needs: where Kafka and MongoDB are, and how
 * the registries, publisher and dispatcher behave. Values only: the executors and validator a
 * client owns (threads, processes) are passed to {@code FaasClients.create} beside the settings,
 * so two clients built from the same settings never share them. Immutable and thread-safe; build with
 * {@link #builder()} or start from an existing one with {@link #builder(FaasSettings)}.
 *
 * @since 0.1
 */
public final class FaasSettings {

    /**
     * Default of {@link #ledgerRetention()}.
     *
     * @since 0.2
     */
    public static final Duration DEFAULT_LEDGER_RETENTION = Duration.ofDays(30);

    private final String kafkaBootstrapServers;
    private final Map<String, String> kafkaProperties;
    private final String mongoUri;
    private final String mongoDatabase;
    private final short topicReplicationFactor;
    private final int maxTopicPartitions;
    private final String changesTopic;
    private final long maxSourceBytes;
    private final long maxPayloadBytes;
    private final long maxPackageBytes;
    private final boolean blockOnWarnings;
    private final boolean validation;
    private final Duration requestTimeout;
    private final Duration ledgerRetention;
    private final DispatcherSettings dispatcher;
    private final PythonSettings python;
    private final Map<String, String> topicExecutors;
    private final String secretsKey;
    private final Path secretsKeyFile;

    private FaasSettings(Builder b) {
        this.kafkaBootstrapServers = b.kafkaBootstrapServers;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.mongoUri = b.mongoUri;
        this.mongoDatabase = b.mongoDatabase;
        this.topicReplicationFactor = b.topicReplicationFactor;
        this.maxTopicPartitions = b.maxTopicPartitions;
        this.changesTopic = b.changesTopic;
        this.maxSourceBytes = b.maxSourceBytes;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.maxPackageBytes = b.maxPackageBytes;
        this.blockOnWarnings = b.blockOnWarnings;
        this.validation = b.validation;
        this.requestTimeout = b.requestTimeout;
        this.ledgerRetention = b.ledgerRetention;
        this.dispatcher = b.dispatcher;
        this.python = b.python;
        this.topicExecutors = Map.copyOf(b.topicExecutors);
        this.secretsKey = b.secretsKey;
        this.secretsKeyFile = b.secretsKeyFile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(FaasSettings existing) {
        return new Builder(existing);
    }

    /** Kafka {@code bootstrap.servers}. */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Extra Kafka client properties applied to every producer, consumer and admin client. */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    /** MongoDB connection string. */
    public String mongoUri() {
        return mongoUri;
    }

    /** MongoDB database holding the registries and the ledger (default {@code faas}). */
    public String mongoDatabase() {
        return mongoDatabase;
    }

    /** Replication factor of topics created by the registry; -1 takes the broker default. */
    public short topicReplicationFactor() {
        return topicReplicationFactor;
    }

    /**
     * Most partitions a topic created through the registry may have (default 1,000): more is
     * refused as the caller's mistake before Kafka is asked.
     */
    public int maxTopicPartitions() {
        return maxTopicPartitions;
    }

    /** Kafka topic that carries registry change signals between instances (default {@code faas.changes}). */
    public String changesTopic() {
        return changesTopic;
    }

    /** Largest function source accepted, in bytes of UTF-8 (default 1 MiB). */
    public long maxSourceBytes() {
        return maxSourceBytes;
    }

    /**
     * Largest function package accepted, in bytes of its zip archive (default 50 MiB); its files
     * may add up to four times that unpacked.
     *
     * @since 0.3
     */
    public long maxPackageBytes() {
        return maxPackageBytes;
    }

    /** Largest event payload accepted by the publisher, in bytes of UTF-8 (default 1 MiB). */
    public long maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Whether validation warnings (unused imports, ...) also block registration (default false). */
    public boolean blockOnWarnings() {
        return blockOnWarnings;
    }

    /**
     * Whether Python sources are checked at register and update (default true): by the validator
     * passed to {@link FaasClients#create(FaasSettings, java.util.Collection, io.faas.api.CodeValidator)},
     * else by {@link CodeValidators#create(PythonSettings, long)}.
     */
    public boolean validation() {
        return validation;
    }

    /** Longest wait for Kafka or MongoDB in a registry or publish call (default 30 s). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * How long the ledger keeps a final invocation record after it finished, unless its function
     * sets its own {@link FunctionSpec#ledgerRetention()} (default 30 days, at least
     * {@value FunctionSpec#MIN_LEDGER_RETENTION_DAYS} day). MongoDB deletes the record then, through a
     * TTL index on its {@code expireAt}; a RUNNING record has none and is never deleted. An event
     * redelivered after its record was deleted runs again, so keep records at least as long as the
     * registered topics keep their events.
     *
     * @since 0.2
     */
    public Duration ledgerRetention() {
        return ledgerRetention;
    }

    public DispatcherSettings dispatcher() {
        return dispatcher;
    }

    /**
     * Settings of the built-in Python executors: the warm pool ({@code local}, the default for
     * Python functions) and one process per event ({@code process}).
     */
    public PythonSettings python() {
        return python;
    }

    /**
     * Topic tiers: topic → name of the executor its functions run on, such as
     * {@code "premium" → "ssh:fast"}. Where an invocation runs is decided in this order:
     * <ol>
     *   <li>the function's own {@link io.faas.api.FunctionSpec#executor() executor}, if it names one;</li>
     *   <li>the executor bound to the event's topic here, if it can run the function's runtime
     *       (a Java function on a topic bound to an SSH pool stays in-process);</li>
     *   <li>the default of the function's runtime: {@code local} for Python, {@code java} for Java.</li>
     * </ol>
     * Each named executor must be built in or passed to {@link FaasClients#create(FaasSettings,
     * java.util.Collection)}, which refuses the settings otherwise.
     */
    public Map<String, String> topicExecutors() {
        return topicExecutors;
    }

    /**
     * Key that seals function secrets in MongoDB (AES-256-GCM): base64 of 32 bytes, such as the
     * output of {@code openssl rand -base64 32}; {@code null} (the default) uses
     * {@link #secretsKeyFile()}. Every instance that shares a database needs the same key.
     *
     * @since 0.2
     */
    public String secretsKey() {
        return secretsKey;
    }

    /**
     * File that holds the secrets key when {@link #secretsKey()} is not set (default
     * {@code ~/.faas/secrets.key}): read when the first secret is stored or used, and created
     * then with a random key, readable by its owner only, if it does not exist.
     *
     * @since 0.2
     */
    public Path secretsKeyFile() {
        return secretsKeyFile;
    }

    /** Mutable builder; {@link #build()} checks every value. Not thread-safe. */
    public static final class Builder {
        private String kafkaBootstrapServers;
        private Map<String, String> kafkaProperties = new LinkedHashMap<>();
        private String mongoUri;
        private String mongoDatabase = "faas";
        private short topicReplicationFactor = -1;
        private int maxTopicPartitions = 1000;
        private String changesTopic = "faas.changes";
        private long maxSourceBytes = 1024 * 1024;
        private long maxPayloadBytes = 1024 * 1024;
        private long maxPackageBytes = 50L * 1024 * 1024;
        private boolean blockOnWarnings;
        private boolean validation = true;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration ledgerRetention = DEFAULT_LEDGER_RETENTION;
        private DispatcherSettings dispatcher = DispatcherSettings.builder().build();
        private PythonSettings python = PythonSettings.defaults();
        private Map<String, String> topicExecutors = new LinkedHashMap<>();
        private String secretsKey;
        private Path secretsKeyFile = Path.of(System.getProperty("user.home"), ".faas", "secrets.key");

        private Builder() {
        }

        private Builder(FaasSettings s) {
            kafkaBootstrapServers = s.kafkaBootstrapServers;
            kafkaProperties = new LinkedHashMap<>(s.kafkaProperties);
            mongoUri = s.mongoUri;
            mongoDatabase = s.mongoDatabase;
            topicReplicationFactor = s.topicReplicationFactor;
            maxTopicPartitions = s.maxTopicPartitions;
            changesTopic = s.changesTopic;
            maxSourceBytes = s.maxSourceBytes;
            maxPayloadBytes = s.maxPayloadBytes;
            maxPackageBytes = s.maxPackageBytes;
            blockOnWarnings = s.blockOnWarnings;
            validation = s.validation;
            requestTimeout = s.requestTimeout;
            ledgerRetention = s.ledgerRetention;
            dispatcher = s.dispatcher;
            python = s.python;
            topicExecutors = new LinkedHashMap<>(s.topicExecutors);
            secretsKey = s.secretsKey;
            secretsKeyFile = s.secretsKeyFile;
        }

        public Builder kafkaBootstrapServers(String kafkaBootstrapServers) {
            this.kafkaBootstrapServers = kafkaBootstrapServers;
            return this;
        }

        /** Adds one Kafka client property. */
        public Builder kafkaProperty(String name, String value) {
            this.kafkaProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the extra Kafka client properties. */
        public Builder kafkaProperties(Map<String, String> kafkaProperties) {
            this.kafkaProperties = new LinkedHashMap<>(kafkaProperties);
            return this;
        }

        public Builder mongoUri(String mongoUri) {
            this.mongoUri = mongoUri;
            return this;
        }

        public Builder mongoDatabase(String mongoDatabase) {
            this.mongoDatabase = mongoDatabase;
            return this;
        }

        /** Most partitions of a topic created through the registry, 1 to 10,000. */
        public Builder maxTopicPartitions(int maxTopicPartitions) {
            this.maxTopicPartitions = maxTopicPartitions;
            return this;
        }

        public Builder topicReplicationFactor(short topicReplicationFactor) {
            this.topicReplicationFactor = topicReplicationFactor;
            return this;
        }

        public Builder changesTopic(String changesTopic) {
            this.changesTopic = changesTopic;
            return this;
        }

        public Builder maxSourceBytes(long maxSourceBytes) {
            this.maxSourceBytes = maxSourceBytes;
            return this;
        }

        /**
         * Largest function package, in bytes of its zip archive; at least 1.
         *
         * @since 0.3
         */
        public Builder maxPackageBytes(long maxPackageBytes) {
            this.maxPackageBytes = maxPackageBytes;
            return this;
        }

        public Builder maxPayloadBytes(long maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        public Builder blockOnWarnings(boolean blockOnWarnings) {
            this.blockOnWarnings = blockOnWarnings;
            return this;
        }

        /** Whether Python sources are checked at register and update; off stores code unchecked. */
        public Builder validation(boolean validation) {
            this.validation = validation;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** See {@link FaasSettings#ledgerRetention()}: whole seconds from 1 day to 3650 days. */
        public Builder ledgerRetention(Duration ledgerRetention) {
            this.ledgerRetention = ledgerRetention;
            return this;
        }

        public Builder dispatcher(DispatcherSettings dispatcher) {
            this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
            return this;
        }

        public Builder python(PythonSettings python) {
            this.python = Objects.requireNonNull(python, "python");
            return this;
        }

        /**
         * Binds a topic to an executor: functions triggered by its events run there unless they
         * name their own executor (see {@link FaasSettings#topicExecutors()}).
         */
        public Builder topicExecutor(String topic, String executor) {
            this.topicExecutors.put(Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /** See {@link FaasSettings#secretsKey()}; {@code null} uses the key file. */
        public Builder secretsKey(String secretsKey) {
            this.secretsKey = secretsKey;
            return this;
        }

        /** See {@link FaasSettings#secretsKeyFile()}. */
        public Builder secretsKeyFile(Path secretsKeyFile) {
            this.secretsKeyFile = Objects.requireNonNull(secretsKeyFile, "secretsKeyFile");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is missing or out of range
         */
        public FaasSettings build() {
            if (secretsKey != null) {
                SecretsKeys.decode(secretsKey); // the message never shows the key
            }
            if (kafkaBootstrapServers == null || kafkaBootstrapServers.isBlank()) {
                throw new IllegalArgumentException("kafkaBootstrapServers is required, e.g. localhost:9092");
            }
            if (mongoUri == null || !(mongoUri.startsWith("mongodb://") || mongoUri.startsWith("mongodb+srv://"))) {
                throw new IllegalArgumentException("mongoUri is required and must start with mongodb:// or "
                        + "mongodb+srv://: " + mongoUri);
            }
            if (mongoDatabase == null || !mongoDatabase.matches("[A-Za-z0-9_-]{1,63}")) {
                throw new IllegalArgumentException("mongoDatabase must be 1 to 63 letters, digits, '_' or '-': "
                        + mongoDatabase);
            }
            if (topicReplicationFactor != -1 && topicReplicationFactor < 1) {
                throw new IllegalArgumentException("topicReplicationFactor must be -1 (broker default) or at least 1: "
                        + topicReplicationFactor);
            }
            if (!Names.isValidTopicName(changesTopic)) {
                throw new IllegalArgumentException("changesTopic is not a valid topic name: " + changesTopic);
            }
            if (changesTopic.equals(dispatcher.deadLetterTopic())) {
                throw new IllegalArgumentException("changesTopic and the dead-letter topic must differ: " + changesTopic);
            }
            if (maxTopicPartitions < 1 || maxTopicPartitions > 10_000) {
                throw new IllegalArgumentException("maxTopicPartitions must be between 1 and 10000: " + maxTopicPartitions);
            }
            SettingsChecks.atLeast("maxSourceBytes", maxSourceBytes, 1);
            SettingsChecks.atLeast("maxPayloadBytes", maxPayloadBytes, 1);
            SettingsChecks.atLeast("maxPackageBytes", maxPackageBytes, 1);
            SettingsChecks.positive("requestTimeout", requestTimeout);
            FunctionSpec.checkLedgerRetention("ledgerRetention", ledgerRetention);
            for (String topic : topicExecutors.keySet()) {
                if (!Names.isValidTopicName(topic)) {
                    throw new IllegalArgumentException("topicExecutor: not a valid topic name: " + topic);
                }
            }
            return new FaasSettings(this);
        }
    }
}
