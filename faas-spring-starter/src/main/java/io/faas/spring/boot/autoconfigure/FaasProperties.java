package io.faas.spring.boot.autoconfigure;

import io.faas.api.FunctionSpec;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasSettings;
import io.faas.core.PythonSettings;
import io.faas.core.WorkerSettings;
import io.faas.spring.boot.autoconfigure.internal.CheckingPropertyMapper;
import io.faas.spring.boot.autoconfigure.internal.CheckingPropertyMapper.Rejections;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Configuration of faas under the {@code faas.*} prefix. A property that faas-core has a setting
 * for is unset by default and then keeps faas-core's default (listed in the configuration
 * metadata); only the starter's own properties ({@code faas.dispatcher.auto-startup},
 * {@code faas.functions.*}, {@code faas.embedded.*}, {@code faas.validation.enabled}) have
 * defaults here.
 *
 * <p>Each group is mapped once onto its faas-core builder ({@link #toSettingsBuilder},
 * {@link Dispatcher#toSettingsBuilder}, {@link Dispatcher#toFunctionDefaults},
 * {@link Python#toSettingsBuilder}), and each value is checked by faas-core's own rules as it is
 * mapped. The same mapping checks the properties when they are bound, so a wrong value fails the
 * start with the name of its property.
 *
 * @since 0.1
 */
@ConfigurationProperties("faas")
public class FaasProperties implements Validator {

    private static final String PREFIX = "faas";

    private final Kafka kafka = new Kafka();

    private final Mongo mongo = new Mongo();

    private final Dispatcher dispatcher = new Dispatcher();

    private final Validation validation = new Validation();

    private final Python python = new Python();

    private final Functions functions = new Functions();

    private final Embedded embedded = new Embedded();

    private final Secrets secrets = new Secrets();

    private final Ledger ledger = new Ledger();

    /**
     * Longest wait for Kafka or MongoDB in a registry or publish call.
     */
    private @Nullable Duration requestTimeout;

    /**
     * Largest function source accepted, as UTF-8.
     */
    private @Nullable DataSize maxSourceSize;

    /**
     * Largest event payload accepted by the publisher, as UTF-8.
     */
    private @Nullable DataSize maxPayloadSize;
    /** Largest function package (zip archive) accepted; its files may add up to four times that. Default 50MB. */
    private @Nullable DataSize maxPackageSize;

    /**
     * Kafka topic that carries registry change signals between instances.
     */
    private @Nullable String changesTopic;

    /**
     * Replication factor of the topics faas creates; -1 takes the broker's default.
     */
    private @Nullable Short topicReplicationFactor;

    /**
     * Most partitions a topic created through the registry may have.
     */
    private @Nullable Integer maxTopicPartitions;

    @Override
    public boolean supports(Class<?> type) {
        return FaasProperties.class.isAssignableFrom(type);
    }

    /**
     * Checks every value that is set by faas-core's own rules, with the mappings that build the
     * settings, so that a wrong one names its property at start-up.
     */
    @Override
    public void validate(Object target, Errors errors) {
        FaasProperties p = (FaasProperties) target;
        Rejections rejections = Rejections.to(errors);
        // Only accepted values reach a builder, so these builds succeed; the settings are thrown away.
        DispatcherSettings dispatcher = p.dispatcher.map(rejections).build();
        p.dispatcher.mapFunctionDefaults(rejections);
        p.map(dispatcher, rejections);
        p.python.map(rejections);
        port(errors, "embedded.kafkaPort", p.embedded.getKafkaPort());
        port(errors, "embedded.mongoPort", p.embedded.getMongoPort());
        if (p.embedded.getDataDir() == null || p.embedded.getDataDir().isBlank()) {
            errors.rejectValue("embedded.dataDir", "faas.invalid", "faas.embedded.data-dir: must not be blank");
        }
    }

    private static void port(Errors errors, String field, int port) {
        if (port < 0 || port > 65535) {
            errors.rejectValue(field, "faas.invalid", CheckingPropertyMapper.property(PREFIX, field)
                    + ": must be between 0 (any free port) and 65535");
        }
    }

    /**
     * A builder of faas-core's {@link FaasSettings} with the properties of {@code faas.*},
     * {@code faas.kafka.*}, {@code faas.mongo.*}, {@code faas.secrets.*}, {@code faas.ledger.*} and
     * {@code faas.validation.enabled}/{@code block-on-warnings} that are set, and the given
     * dispatcher settings; everything else keeps faas-core's default. The auto-configuration then
     * sets the connection details (which win over {@code faas.kafka.bootstrap-servers} and
     * {@code faas.mongo.uri}) and the Python settings.
     *
     * @throws IllegalArgumentException naming the property whose value faas-core refuses
     */
    public FaasSettings.Builder toSettingsBuilder(DispatcherSettings dispatcher) {
        return map(dispatcher, Rejections.FAIL);
    }

    private FaasSettings.Builder map(DispatcherSettings dispatcher, Rejections rejections) {
        // The connection strings are placeholders, replaced by a property that is set: only for the checks.
        CheckingPropertyMapper<FaasSettings.Builder> map = new CheckingPropertyMapper<>(PREFIX, "", () -> FaasSettings.builder()
                .kafkaBootstrapServers("localhost:9092").mongoUri("mongodb://localhost").dispatcher(dispatcher),
                FaasSettings.Builder::build, rejections);
        map.from("kafka.bootstrapServers", kafka::getBootstrapServers).whenHasText()
                .to(FaasSettings.Builder::kafkaBootstrapServers);
        map.from("kafka.properties", kafka::getProperties).whenNot(Map::isEmpty).to(FaasSettings.Builder::kafkaProperties);
        map.from("mongo.uri", mongo::getUri).whenHasText().to(FaasSettings.Builder::mongoUri);
        map.from("mongo.database", mongo::getDatabase).to(FaasSettings.Builder::mongoDatabase);
        map.from("requestTimeout", this::getRequestTimeout).to(FaasSettings.Builder::requestTimeout);
        map.from("maxSourceSize", this::getMaxSourceSize).as(DataSize::toBytes).to(FaasSettings.Builder::maxSourceBytes);
        map.from("maxPayloadSize", this::getMaxPayloadSize).as(DataSize::toBytes).to(FaasSettings.Builder::maxPayloadBytes);
        map.from("maxPackageSize", this::getMaxPackageSize).as(DataSize::toBytes).to(FaasSettings.Builder::maxPackageBytes);
        map.from("changesTopic", this::getChangesTopic).to(FaasSettings.Builder::changesTopic);
        map.from("topicReplicationFactor", this::getTopicReplicationFactor)
                .to(FaasSettings.Builder::topicReplicationFactor);
        map.from("maxTopicPartitions", this::getMaxTopicPartitions).to(FaasSettings.Builder::maxTopicPartitions);
        map.from("validation.enabled", validation::isEnabled).to(FaasSettings.Builder::validation);
        map.from("validation.blockOnWarnings", validation::getBlockOnWarnings).to(FaasSettings.Builder::blockOnWarnings);
        map.fromSecret("secrets.key", secrets::getKey).to(FaasSettings.Builder::secretsKey);
        map.from("secrets.keyFile", secrets::getKeyFile).to(FaasSettings.Builder::secretsKeyFile);
        map.from("ledger.retention", ledger::getRetention).to(FaasSettings.Builder::ledgerRetention);
        return map.applyTo(FaasSettings.builder().dispatcher(dispatcher));
    }

    public Kafka getKafka() {
        return kafka;
    }

    public Mongo getMongo() {
        return mongo;
    }

    public Dispatcher getDispatcher() {
        return dispatcher;
    }

    public Validation getValidation() {
        return validation;
    }

    public Python getPython() {
        return python;
    }

    public Functions getFunctions() {
        return functions;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Secrets getSecrets() {
        return secrets;
    }

    public Ledger getLedger() {
        return ledger;
    }

    public @Nullable Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(@Nullable Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public @Nullable DataSize getMaxSourceSize() {
        return maxSourceSize;
    }

    public void setMaxSourceSize(@Nullable DataSize maxSourceSize) {
        this.maxSourceSize = maxSourceSize;
    }

    public @Nullable DataSize getMaxPackageSize() {
        return maxPackageSize;
    }

    public void setMaxPackageSize(@Nullable DataSize maxPackageSize) {
        this.maxPackageSize = maxPackageSize;
    }

    public @Nullable DataSize getMaxPayloadSize() {
        return maxPayloadSize;
    }

    public void setMaxPayloadSize(@Nullable DataSize maxPayloadSize) {
        this.maxPayloadSize = maxPayloadSize;
    }

    public @Nullable String getChangesTopic() {
        return changesTopic;
    }

    public void setChangesTopic(@Nullable String changesTopic) {
        this.changesTopic = changesTopic;
    }

    public @Nullable Integer getMaxTopicPartitions() {
        return maxTopicPartitions;
    }

    public void setMaxTopicPartitions(@Nullable Integer maxTopicPartitions) {
        this.maxTopicPartitions = maxTopicPartitions;
    }

    public @Nullable Short getTopicReplicationFactor() {
        return topicReplicationFactor;
    }

    public void setTopicReplicationFactor(@Nullable Short topicReplicationFactor) {
        this.topicReplicationFactor = topicReplicationFactor;
    }

    /** How long the invocation ledger keeps its records. */
    public static class Ledger {

        /**
         * How long a final invocation record is kept after it finished, from 1 day to 3650 days; a
         * function's own ledgerRetention wins. An event redelivered after its record is gone runs
         * again, so keep records at least as long as the topics keep their events.
         */
        private @Nullable Duration retention;

        public @Nullable Duration getRetention() {
            return retention;
        }

        public void setRetention(@Nullable Duration retention) {
            this.retention = retention;
        }
    }

    /** The key that seals function secrets in MongoDB. */
    public static class Secrets {

        /**
         * Base64 of 32 random bytes (openssl rand -base64 32); unset reads, or creates, the key file.
         * Every instance sharing the database needs the same key.
         */
        private @Nullable String key;

        /**
         * File holding the key when none is set, created with a random key (owner-only) on first
         * use; unset takes ~/.faas/secrets.key.
         */
        private java.nio.file.@Nullable Path keyFile;

        public @Nullable String getKey() {
            return key;
        }

        public void setKey(@Nullable String key) {
            this.key = key;
        }

        public java.nio.file.@Nullable Path getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(java.nio.file.@Nullable Path keyFile) {
            this.keyFile = keyFile;
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "Secrets[key=" + (key == null ? "unset" : "(set)") + ", keyFile=" + keyFile + "]";
        }
    }

    /** Where the Kafka cluster is. */
    public static class Kafka {

        /**
         * Kafka bootstrap servers, comma-separated host:port pairs. When unset and faas-testkit is on
         * the classpath, an embedded broker is started instead.
         */
        private @Nullable String bootstrapServers;

        /**
         * Extra Kafka client properties applied to every producer, consumer and admin client that faas
         * creates (security, client.rack, group.protocol, ...).
         */
        private Map<String, String> properties = new LinkedHashMap<>();

        public @Nullable String getBootstrapServers() {
            return bootstrapServers;
        }

        public void setBootstrapServers(@Nullable String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** Where the registries and the invocation ledger are stored. */
    public static class Mongo {

        /**
         * MongoDB connection string, such as mongodb://localhost:27017. When unset and faas-testkit is on
         * the classpath, an embedded MongoDB-compatible server is started instead.
         */
        private @Nullable String uri;

        /**
         * MongoDB database that holds the registries and the ledger.
         */
        private @Nullable String database;

        public @Nullable String getUri() {
            return uri;
        }

        public void setUri(@Nullable String uri) {
            this.uri = uri;
        }

        public @Nullable String getDatabase() {
            return database;
        }

        public void setDatabase(@Nullable String database) {
            this.database = database;
        }
    }

    /** How the dispatcher consumes, runs and records events, and what functions get by default. */
    public static class Dispatcher {

        /**
         * Whether to start the dispatcher with the application context. When false, the host application
         * calls FaasClient.dispatcher().start() itself.
         */
        private boolean autoStartup = true;

        /**
         * Consumer group shared by every dispatcher instance.
         */
        private @Nullable String groupId;

        /**
         * Worker threads that run invocations in parallel.
         */
        private @Nullable Integer concurrency;

        /**
         * Events read but not yet fully recorded before the dispatcher pauses its partitions.
         */
        private @Nullable Integer maxInFlight;

        /**
         * Longest single Kafka poll.
         */
        private @Nullable Duration pollTimeout;

        /**
         * How often completed offsets are committed.
         */
        private @Nullable Duration commitInterval;

        /**
         * How long a shutdown lets running invocations finish before it hands the rest back to Kafka
         * for redelivery.
         */
        private @Nullable Duration closeGracePeriod;

        /**
         * Topic that receives events whose function failed every attempt.
         */
        private @Nullable String deadLetterTopic;

        /**
         * Most ledger records written in one bulk write.
         */
        private @Nullable Integer ledgerBatchSize;

        /**
         * Cap of the logs captured per invocation.
         */
        private @Nullable DataSize logLimit;

        /**
         * Longest chain of destinations: an event more hops than this from the event that started its
         * chain gets FAILED records (ChainTooDeep) instead of runs.
         */
        private @Nullable Integer maxHops;

        /**
         * Timeout of one attempt for functions that do not set their own (annotated Java functions,
         * functions registered through an API built on this starter).
         */
        private @Nullable Duration defaultTimeout;

        /**
         * Attempts per invocation for functions that do not set their own.
         */
        private @Nullable Integer maxAttempts;

        private final Backoff backoff = new Backoff();

        /**
         * A builder of faas-core's {@link DispatcherSettings} with the properties of this group that
         * are set; the others keep faas-core's defaults.
         *
         * @throws IllegalArgumentException naming the property whose value faas-core refuses
         */
        public DispatcherSettings.Builder toSettingsBuilder() {
            return map(Rejections.FAIL);
        }

        private DispatcherSettings.Builder map(Rejections rejections) {
            CheckingPropertyMapper<DispatcherSettings.Builder> map = new CheckingPropertyMapper<>(PREFIX, "",
                    DispatcherSettings::builder, DispatcherSettings.Builder::build, rejections);
            map.from("dispatcher.groupId", this::getGroupId).to(DispatcherSettings.Builder::groupId);
            map.from("dispatcher.concurrency", this::getConcurrency).to(DispatcherSettings.Builder::concurrency);
            map.from("dispatcher.maxInFlight", this::getMaxInFlight).to(DispatcherSettings.Builder::maxInFlight);
            map.from("dispatcher.pollTimeout", this::getPollTimeout).to(DispatcherSettings.Builder::pollTimeout);
            map.from("dispatcher.commitInterval", this::getCommitInterval).to(DispatcherSettings.Builder::commitInterval);
            map.from("dispatcher.closeGracePeriod", this::getCloseGracePeriod)
                    .to(DispatcherSettings.Builder::closeGracePeriod);
            map.from("dispatcher.deadLetterTopic", this::getDeadLetterTopic).to(DispatcherSettings.Builder::deadLetterTopic);
            map.from("dispatcher.ledgerBatchSize", this::getLedgerBatchSize).to(DispatcherSettings.Builder::ledgerBatchSize);
            map.from("dispatcher.logLimit", this::getLogLimit).as(CheckingPropertyMapper::intBytes)
                    .to(DispatcherSettings.Builder::logLimitBytes);
            map.from("dispatcher.maxHops", this::getMaxHops).to(DispatcherSettings.Builder::maxHops);
            return map.applyTo(DispatcherSettings.builder());
        }

        /**
         * What a function gets when its declaration leaves a value out: {@code default-timeout},
         * {@code max-attempts} and {@code backoff.*} where set, faas-core's {@link FunctionSpec}
         * defaults otherwise.
         *
         * @throws IllegalArgumentException naming the property whose value faas-core refuses
         */
        public FaasFunctionDefaults toFunctionDefaults() {
            return mapFunctionDefaults(Rejections.FAIL);
        }

        private FaasFunctionDefaults mapFunctionDefaults(Rejections rejections) {
            CheckingPropertyMapper<FunctionSpec.Builder> map = new CheckingPropertyMapper<>(PREFIX, "",
                    () -> FunctionSpec.builder("defaults"), FunctionSpec.Builder::build, rejections);
            map.from("dispatcher.defaultTimeout", this::getDefaultTimeout).to(FunctionSpec.Builder::timeout);
            map.from("dispatcher.maxAttempts", this::getMaxAttempts).to(FunctionSpec.Builder::maxAttempts);
            map.from("dispatcher.backoff", this::getBackoff).whenNot(Backoff::isUnset).as(Backoff::toBackoff)
                    .to(FunctionSpec.Builder::backoff);
            FunctionSpec spec = map.applyTo(FunctionSpec.builder("defaults")).build();
            return new FaasFunctionDefaults(spec.timeout(), spec.maxAttempts(), spec.backoff());
        }

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public @Nullable String getGroupId() {
            return groupId;
        }

        public void setGroupId(@Nullable String groupId) {
            this.groupId = groupId;
        }

        public @Nullable Integer getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(@Nullable Integer concurrency) {
            this.concurrency = concurrency;
        }

        public @Nullable Integer getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(@Nullable Integer maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public @Nullable Duration getPollTimeout() {
            return pollTimeout;
        }

        public void setPollTimeout(@Nullable Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        public @Nullable Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(@Nullable Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public @Nullable Duration getCloseGracePeriod() {
            return closeGracePeriod;
        }

        public void setCloseGracePeriod(@Nullable Duration closeGracePeriod) {
            this.closeGracePeriod = closeGracePeriod;
        }

        public @Nullable String getDeadLetterTopic() {
            return deadLetterTopic;
        }

        public void setDeadLetterTopic(@Nullable String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
        }

        public @Nullable Integer getLedgerBatchSize() {
            return ledgerBatchSize;
        }

        public void setLedgerBatchSize(@Nullable Integer ledgerBatchSize) {
            this.ledgerBatchSize = ledgerBatchSize;
        }

        public @Nullable DataSize getLogLimit() {
            return logLimit;
        }

        public void setLogLimit(@Nullable DataSize logLimit) {
            this.logLimit = logLimit;
        }

        public @Nullable Integer getMaxHops() {
            return maxHops;
        }

        public void setMaxHops(@Nullable Integer maxHops) {
            this.maxHops = maxHops;
        }

        public @Nullable Duration getDefaultTimeout() {
            return defaultTimeout;
        }

        public void setDefaultTimeout(@Nullable Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
        }

        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Backoff getBackoff() {
            return backoff;
        }
    }

    /** Delays between the attempts of functions that do not set their own. */
    public static class Backoff {

        /**
         * Delay after the first failed attempt.
         */
        private @Nullable Duration initial;

        /**
         * Growth factor of the delay from one attempt to the next.
         */
        private @Nullable Double multiplier;

        /**
         * Upper bound of any delay.
         */
        private @Nullable Duration max;

        private boolean isUnset() {
            return initial == null && multiplier == null && max == null;
        }

        /** The backoff of these properties, faas-core's default for each one unset. */
        private io.faas.api.Backoff toBackoff() {
            io.faas.api.Backoff core = io.faas.api.Backoff.DEFAULT;
            return new io.faas.api.Backoff(initial != null ? initial : core.initial(),
                    multiplier != null ? multiplier : core.multiplier(), max != null ? max : core.max());
        }

        public @Nullable Duration getInitial() {
            return initial;
        }

        public void setInitial(@Nullable Duration initial) {
            this.initial = initial;
        }

        public @Nullable Double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(@Nullable Double multiplier) {
            this.multiplier = multiplier;
        }

        public @Nullable Duration getMax() {
            return max;
        }

        public void setMax(@Nullable Duration max) {
            this.max = max;
        }
    }

    /** Local Python workers: a warm pool ({@code local}) and a process per event ({@code process}). */
    public static class Python {

        /**
         * Python 3.9 or later to run, as a command on the PATH or a path.
         */
        private @Nullable String interpreter;

        /**
         * Most worker processes of the pool alive at once, and so most Python calls running at once;
         * unset takes max(2, CPUs).
         */
        private @Nullable Integer poolSize;

        /**
         * How long a pool worker may stay idle before it is stopped, unless it is one of min-idle.
         */
        private @Nullable Duration idleTimeout;

        /**
         * Idle pool workers kept warm however long they are idle, started with the application.
         */
        private @Nullable Integer minIdle;

        /**
         * Calls after which a pool worker is replaced by a fresh process.
         */
        private @Nullable Integer maxCallsPerWorker;

        /**
         * Address-space limit of a worker process; 0 for none.
         */
        private @Nullable DataSize memoryLimit;

        /**
         * Most output kept per call.
         */
        private @Nullable DataSize logLimit;

        /**
         * Directory under which every worker gets a private working directory; unset takes the JVM's
         * temporary directory.
         */
        private java.nio.file.@Nullable Path workDir;

        /**
         * Longest wait for a new worker to report ready.
         */
        private @Nullable Duration startTimeout;

        /**
         * Function modules a pool worker keeps loaded, least recently used dropped first.
         */
        private @Nullable Integer maxModulesPerWorker;

        /**
         * Whether Python workers run in bubblewrap: auto (when it works on this host, else unsandboxed with a
         * warning), bubblewrap (required: start fails without it) or none.
         */
        private io.faas.core.PythonSettings.@Nullable Sandbox sandbox;

        /**
         * Bubblewrap executable, a command on the workers' PATH or an absolute path.
         */
        private @Nullable String bubblewrapPath;

        /**
         * User that sandboxed workers run as when the application runs as root, a name or UID[:GID].
         */
        private @Nullable String sandboxUser;

        /**
         * Size of the private tmpfs that is a sandboxed worker's working directory, HOME and TMPDIR.
         */
        private @Nullable DataSize tmpSize;

        /**
         * Whether a function spec may ask for the host's network (network: true).
         */
        private @Nullable Boolean allowNetwork;

        /**
         * Highest memory limit a function spec may ask for, refused above it when registered; 0 for no
         * cap.
         */
        private @Nullable DataSize maxMemoryLimit;

        /**
         * Largest file a worker may write; 0 for no limit.
         */
        private @Nullable DataSize maxFileSize;

        /**
         * Most processes and threads of the sandbox user; 0 for no limit.
         */
        private @Nullable Integer maxProcesses;

        /**
         * Most open files of a worker; 0 for no limit.
         */
        private @Nullable Integer maxOpenFiles;

        /**
         * CPU time one call may use, whole seconds, 0 for none.
         */
        private @Nullable Duration cpuTimePerCall;

        /**
         * Directory of wheels that a package's requirements.txt is resolved against (pip --no-index --find-links).
         */
        private java.nio.file.@Nullable Path wheelhouse;

        /**
         * Package index (http or https URL) that a package's requirements.txt is resolved against without a wheelhouse.
         */
        private @Nullable String indexUrl;

        /**
         * Longest pip may take to resolve one package's requirements. Default 2m.
         */
        private @Nullable Duration pipTimeout;

        public java.nio.file.@Nullable Path getWheelhouse() {
            return wheelhouse;
        }

        public void setWheelhouse(java.nio.file.@Nullable Path wheelhouse) {
            this.wheelhouse = wheelhouse;
        }

        public @Nullable String getIndexUrl() {
            return indexUrl;
        }

        public void setIndexUrl(@Nullable String indexUrl) {
            this.indexUrl = indexUrl;
        }

        public @Nullable Duration getPipTimeout() {
            return pipTimeout;
        }

        public void setPipTimeout(@Nullable Duration pipTimeout) {
            this.pipTimeout = pipTimeout;
        }

        /**
         * A builder of faas-core's {@link PythonSettings} with the properties of this group that are
         * set; the others keep faas-core's defaults.
         *
         * @throws IllegalArgumentException naming the property whose value faas-core refuses
         */
        public PythonSettings.Builder toSettingsBuilder() {
            return map(Rejections.FAIL);
        }

        private PythonSettings.Builder map(Rejections rejections) {
            CheckingPropertyMapper<PythonSettings.Builder> map = new CheckingPropertyMapper<>(PREFIX, "",
                    PythonSettings::builder, PythonSettings.Builder::build, rejections);
            map.from("python.interpreter", this::getInterpreter).to(worker(WorkerSettings.Builder::interpreter));
            map.from("python.poolSize", this::getPoolSize).to(PythonSettings.Builder::poolSize);
            map.from("python.idleTimeout", this::getIdleTimeout).to(worker(WorkerSettings.Builder::idleTimeout));
            map.from("python.minIdle", this::getMinIdle).to(PythonSettings.Builder::minIdle);
            map.from("python.maxCallsPerWorker", this::getMaxCallsPerWorker).to(PythonSettings.Builder::maxCallsPerWorker);
            map.from("python.memoryLimit", this::getMemoryLimit).as(CheckingPropertyMapper::mebibytes)
                    .to(worker(WorkerSettings.Builder::memoryLimitMb));
            map.from("python.logLimit", this::getLogLimit).as(CheckingPropertyMapper::intBytes)
                    .to(worker(WorkerSettings.Builder::logLimitBytes));
            map.from("python.workDir", this::getWorkDir).to(PythonSettings.Builder::workDir);
            map.from("python.startTimeout", this::getStartTimeout).to(worker(WorkerSettings.Builder::startTimeout));
            map.from("python.maxModulesPerWorker", this::getMaxModulesPerWorker)
                    .to(worker(WorkerSettings.Builder::maxModulesPerWorker));
            map.from("python.sandbox", this::getSandbox).to(worker(WorkerSettings.Builder::sandbox));
            map.from("python.bubblewrapPath", this::getBubblewrapPath).to(PythonSettings.Builder::bubblewrapPath);
            map.from("python.sandboxUser", this::getSandboxUser).to(worker(WorkerSettings.Builder::sandboxUser));
            map.from("python.tmpSize", this::getTmpSize).as(CheckingPropertyMapper::mebibytes)
                    .to(worker(WorkerSettings.Builder::tmpSizeMb));
            map.from("python.allowNetwork", this::getAllowNetwork).to(PythonSettings.Builder::allowNetwork);
            map.from("python.maxMemoryLimit", this::getMaxMemoryLimit).as(CheckingPropertyMapper::mebibytes)
                    .to(PythonSettings.Builder::maxMemoryLimitMb);
            map.from("python.maxFileSize", this::getMaxFileSize).as(CheckingPropertyMapper::mebibytes)
                    .to(worker(WorkerSettings.Builder::maxFileSizeMb));
            map.from("python.maxProcesses", this::getMaxProcesses).to(worker(WorkerSettings.Builder::maxProcesses));
            map.from("python.maxOpenFiles", this::getMaxOpenFiles).to(worker(WorkerSettings.Builder::maxOpenFiles));
            map.from("python.cpuTimePerCall", this::getCpuTimePerCall).to(PythonSettings.Builder::cpuTimePerCall);
            map.from("python.wheelhouse", this::getWheelhouse).to(PythonSettings.Builder::wheelhouse);
            map.from("python.indexUrl", this::getIndexUrl).to(PythonSettings.Builder::indexUrl);
            map.from("python.pipTimeout", this::getPipTimeout).to(PythonSettings.Builder::pipTimeout);
            return map.applyTo(PythonSettings.builder());
        }

        /** A setter of each worker's {@link WorkerSettings}, nested in the pool's settings. */
        private static <T> BiConsumer<PythonSettings.Builder, T> worker(BiConsumer<WorkerSettings.Builder, T> setter) {
            return (builder, value) -> builder.applyToWorkerSettings(w -> setter.accept(w, value));
        }

        public @Nullable String getInterpreter() {
            return interpreter;
        }

        public void setInterpreter(@Nullable String interpreter) {
            this.interpreter = interpreter;
        }

        public @Nullable Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(@Nullable Integer poolSize) {
            this.poolSize = poolSize;
        }

        public @Nullable Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public @Nullable Integer getMinIdle() {
            return minIdle;
        }

        public void setMinIdle(@Nullable Integer minIdle) {
            this.minIdle = minIdle;
        }

        public @Nullable Integer getMaxCallsPerWorker() {
            return maxCallsPerWorker;
        }

        public void setMaxCallsPerWorker(@Nullable Integer maxCallsPerWorker) {
            this.maxCallsPerWorker = maxCallsPerWorker;
        }

        public @Nullable DataSize getMemoryLimit() {
            return memoryLimit;
        }

        public void setMemoryLimit(@Nullable DataSize memoryLimit) {
            this.memoryLimit = memoryLimit;
        }

        public @Nullable DataSize getLogLimit() {
            return logLimit;
        }

        public void setLogLimit(@Nullable DataSize logLimit) {
            this.logLimit = logLimit;
        }

        public java.nio.file.@Nullable Path getWorkDir() {
            return workDir;
        }

        public void setWorkDir(java.nio.file.@Nullable Path workDir) {
            this.workDir = workDir;
        }

        public @Nullable Duration getStartTimeout() {
            return startTimeout;
        }

        public void setStartTimeout(@Nullable Duration startTimeout) {
            this.startTimeout = startTimeout;
        }

        public @Nullable Integer getMaxModulesPerWorker() {
            return maxModulesPerWorker;
        }

        public void setMaxModulesPerWorker(@Nullable Integer maxModulesPerWorker) {
            this.maxModulesPerWorker = maxModulesPerWorker;
        }

        public io.faas.core.PythonSettings.@Nullable Sandbox getSandbox() {
            return sandbox;
        }

        public void setSandbox(io.faas.core.PythonSettings.@Nullable Sandbox sandbox) {
            this.sandbox = sandbox;
        }

        public @Nullable String getBubblewrapPath() {
            return bubblewrapPath;
        }

        public void setBubblewrapPath(@Nullable String bubblewrapPath) {
            this.bubblewrapPath = bubblewrapPath;
        }

        public @Nullable String getSandboxUser() {
            return sandboxUser;
        }

        public void setSandboxUser(@Nullable String sandboxUser) {
            this.sandboxUser = sandboxUser;
        }

        public @Nullable DataSize getTmpSize() {
            return tmpSize;
        }

        public void setTmpSize(@Nullable DataSize tmpSize) {
            this.tmpSize = tmpSize;
        }

        public @Nullable Boolean getAllowNetwork() {
            return allowNetwork;
        }

        public void setAllowNetwork(@Nullable Boolean allowNetwork) {
            this.allowNetwork = allowNetwork;
        }

        public @Nullable DataSize getMaxMemoryLimit() {
            return maxMemoryLimit;
        }

        public void setMaxMemoryLimit(@Nullable DataSize maxMemoryLimit) {
            this.maxMemoryLimit = maxMemoryLimit;
        }

        public @Nullable DataSize getMaxFileSize() {
            return maxFileSize;
        }

        public void setMaxFileSize(@Nullable DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        public @Nullable Integer getMaxProcesses() {
            return maxProcesses;
        }

        public void setMaxProcesses(@Nullable Integer maxProcesses) {
            this.maxProcesses = maxProcesses;
        }

        public @Nullable Integer getMaxOpenFiles() {
            return maxOpenFiles;
        }

        public void setMaxOpenFiles(@Nullable Integer maxOpenFiles) {
            this.maxOpenFiles = maxOpenFiles;
        }

        public @Nullable Duration getCpuTimePerCall() {
            return cpuTimePerCall;
        }

        public void setCpuTimePerCall(@Nullable Duration cpuTimePerCall) {
            this.cpuTimePerCall = cpuTimePerCall;
        }
    }

    /** Checks of Python code at registration and update. */
    public static class Validation {

        /**
         * Whether to check Python code before it is stored: with GraalPy (pyflakes' checks) when
         * faas-validation is on the classpath, else with the configured CPython's compiler. Set here as
         * well as in faas-core (the same default) because it also switches the GraalPy validator's
         * auto-configuration.
         */
        private boolean enabled = true;

        /**
         * Whether warnings (an unused import, say) also refuse the code, not only errors.
         */
        private @Nullable Boolean blockOnWarnings;

        /**
         * Interpreter contexts of the GraalPy validator (faas-validation), and so validations that run
         * at once.
         */
        private @Nullable Integer poolSize;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable Boolean getBlockOnWarnings() {
            return blockOnWarnings;
        }

        public void setBlockOnWarnings(@Nullable Boolean blockOnWarnings) {
            this.blockOnWarnings = blockOnWarnings;
        }

        public @Nullable Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(@Nullable Integer poolSize) {
            this.poolSize = poolSize;
        }
    }

    /** Java functions declared with {@code @FaasFunction}. */
    public static class Functions {

        /**
         * Whether topics named by @FaasFunction that are not registered yet are created (one partition,
         * KEY ordering). When false, such a topic fails the start.
         */
        private boolean createMissingTopics = true;

        public boolean isCreateMissingTopics() {
            return createMissingTopics;
        }

        public void setCreateMissingTopics(boolean createMissingTopics) {
            this.createMissingTopics = createMissingTopics;
        }
    }

    /** In-process Kafka broker and MongoDB-compatible server for development (needs faas-testkit). */
    public static class Embedded {

        /**
         * Whether to start an embedded Kafka broker when faas.kafka.bootstrap-servers is unset and an
         * embedded MongoDB-compatible server when faas.mongo.uri is unset (needs faas-testkit on the
         * classpath).
         */
        private boolean enabled = true;

        /**
         * Directory where the embedded servers keep their data, so that topics, functions and the ledger
         * survive a restart.
         */
        private String dataDir = "faas-data";

        /**
         * Port of the embedded Kafka broker; 0 picks a free one.
         */
        private int kafkaPort;

        /**
         * Port of the embedded MongoDB-compatible server; 0 picks a free one.
         */
        private int mongoPort;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getDataDir() {
            return dataDir;
        }

        public void setDataDir(String dataDir) {
            this.dataDir = dataDir;
        }

        public int getKafkaPort() {
            return kafkaPort;
        }

        public void setKafkaPort(int kafkaPort) {
            this.kafkaPort = kafkaPort;
        }

        public int getMongoPort() {
            return mongoPort;
        }

        public void setMongoPort(int mongoPort) {
            this.mongoPort = mongoPort;
        }
    }
}
