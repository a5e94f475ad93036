package io.faas.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration of faas under the {@code faas.*} prefix. Every value left unset takes the default
 * of faas-core's {@code FaasSettings} and {@code DispatcherSettings}; the defaults shown here are
 * the same.
 *
 * <p>Values are checked when the context starts, by faas-core's own rules, and a wrong value
 * fails the start with the name of the property.
 *
 * @since 0.1
 */
@ConfigurationProperties("faas")
public class FaasProperties implements Validator {

    private final Kafka kafka = new Kafka();

    private final Mongo mongo = new Mongo();

    private final Dispatcher dispatcher = new Dispatcher();

    private final Validation validation = new Validation();

    private final Python python = new Python();

    private final Functions functions = new Functions();

    private final Embedded embedded = new Embedded();

    private final Secrets secrets = new Secrets();

    /**
     * Longest wait for Kafka or MongoDB in a registry or publish call.
     */
    private Duration requestTimeout = Duration.ofSeconds(30);

    /**
     * Largest function source accepted, as UTF-8.
     */
    private DataSize maxSourceSize = DataSize.ofMegabytes(1);

    /**
     * Largest event payload accepted by the publisher, as UTF-8.
     */
    private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

    /**
     * Kafka topic that carries registry change signals between instances.
     */
    private String changesTopic = "faas.changes";

    /**
     * Replication factor of the topics faas creates; -1 takes the broker's default.
     */
    private short topicReplicationFactor = -1;

    /**
     * Most partitions a topic created through the registry may have; faas-core's default when unset.
     */
    private Integer maxTopicPartitions;

    @Override
    public boolean supports(Class<?> type) {
        return FaasProperties.class.isAssignableFrom(type);
    }

    /** Checks every value by faas-core's own rules, so that a wrong one names its property at start-up. */
    @Override
    public void validate(Object target, Errors errors) {
        FaasPropertiesValidation.validate((FaasProperties) target, errors);
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

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public DataSize getMaxSourceSize() {
        return maxSourceSize;
    }

    public void setMaxSourceSize(DataSize maxSourceSize) {
        this.maxSourceSize = maxSourceSize;
    }

    public DataSize getMaxPayloadSize() {
        return maxPayloadSize;
    }

    public void setMaxPayloadSize(DataSize maxPayloadSize) {
        this.maxPayloadSize = maxPayloadSize;
    }

    public String getChangesTopic() {
        return changesTopic;
    }

    public void setChangesTopic(String changesTopic) {
        this.changesTopic = changesTopic;
    }

    public Integer getMaxTopicPartitions() {
        return maxTopicPartitions;
    }

    public void setMaxTopicPartitions(Integer maxTopicPartitions) {
        this.maxTopicPartitions = maxTopicPartitions;
    }

    public short getTopicReplicationFactor() {
        return topicReplicationFactor;
    }

    public void setTopicReplicationFactor(short topicReplicationFactor) {
        this.topicReplicationFactor = topicReplicationFactor;
    }

    /** The key that seals function secrets in MongoDB. */
    public static class Secrets {

        /**
         * Base64 of 32 random bytes (openssl rand -base64 32); unset reads, or creates, the key file.
         * Every instance sharing the database needs the same key.
         */
        private String key;

        /**
         * File holding the key when none is set, created with a random key (owner-only) on first
         * use; unset takes ~/.faas/secrets.key.
         */
        private java.nio.file.Path keyFile;

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public java.nio.file.Path getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(java.nio.file.Path keyFile) {
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
        private String bootstrapServers;

        /**
         * Extra Kafka client properties applied to every producer, consumer and admin client that faas
         * creates (security, client.rack, group.protocol, ...).
         */
        private Map<String, String> properties = new LinkedHashMap<>();

        public String getBootstrapServers() {
            return bootstrapServers;
        }

        public void setBootstrapServers(String bootstrapServers) {
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
        private String uri;

        /**
         * MongoDB database that holds the registries and the ledger.
         */
        private String database = "faas";

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
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
        private String groupId = "faas-dispatcher";

        /**
         * Worker threads that run invocations in parallel.
         */
        private int concurrency = 16;

        /**
         * Events read but not yet fully recorded before the dispatcher pauses its partitions.
         */
        private int maxInFlight = 1000;

        /**
         * Longest single Kafka poll.
         */
        private Duration pollTimeout = Duration.ofMillis(100);

        /**
         * How often completed offsets are committed.
         */
        private Duration commitInterval = Duration.ofMillis(200);

        /**
         * How long a shutdown lets running invocations finish before it hands the rest back to Kafka
         * for redelivery.
         */
        private Duration closeGracePeriod = Duration.ofSeconds(10);

        /**
         * Topic that receives events whose function failed every attempt.
         */
        private String deadLetterTopic = "faas.dlq";

        /**
         * Most ledger records written in one bulk write.
         */
        private int ledgerBatchSize = 500;

        /**
         * Cap of the logs captured per invocation.
         */
        private DataSize logLimit = DataSize.ofKilobytes(64);

        /**
         * Timeout of one attempt for functions that do not set their own (annotated Java functions,
         * functions registered through an API built on this starter).
         */
        private Duration defaultTimeout = Duration.ofSeconds(30);

        /**
         * Attempts per invocation for functions that do not set their own.
         */
        private int maxAttempts = 3;

        private final Backoff backoff = new Backoff();

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public String getGroupId() {
            return groupId;
        }

        public void setGroupId(String groupId) {
            this.groupId = groupId;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public Duration getPollTimeout() {
            return pollTimeout;
        }

        public void setPollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
        }

        public Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public Duration getCloseGracePeriod() {
            return closeGracePeriod;
        }

        public void setCloseGracePeriod(Duration closeGracePeriod) {
            this.closeGracePeriod = closeGracePeriod;
        }

        public String getDeadLetterTopic() {
            return deadLetterTopic;
        }

        public void setDeadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
        }

        public int getLedgerBatchSize() {
            return ledgerBatchSize;
        }

        public void setLedgerBatchSize(int ledgerBatchSize) {
            this.ledgerBatchSize = ledgerBatchSize;
        }

        public DataSize getLogLimit() {
            return logLimit;
        }

        public void setLogLimit(DataSize logLimit) {
            this.logLimit = logLimit;
        }

        public Duration getDefaultTimeout() {
            return defaultTimeout;
        }

        public void setDefaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
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
        private Duration initial = Duration.ofMillis(200);

        /**
         * Growth factor of the delay from one attempt to the next.
         */
        private double multiplier = 2.0;

        /**
         * Upper bound of any delay.
         */
        private Duration max = Duration.ofSeconds(10);

        public Duration getInitial() {
            return initial;
        }

        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMax() {
            return max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }
    }

    /** Local Python workers: a warm pool ({@code local}) and a process per event ({@code process}). */
    public static class Python {

        /**
         * Python 3.9 or later to run, as a command on the PATH or a path.
         */
        private String interpreter = "python3";

        /**
         * Most worker processes of the pool alive at once, and so most Python calls running at once;
         * unset takes max(2, CPUs).
         */
        private Integer poolSize;

        /**
         * How long a pool worker may stay idle before it is stopped, unless it is one of min-idle.
         */
        private Duration idleTimeout = Duration.ofMinutes(5);

        /**
         * Idle pool workers kept warm however long they are idle, started with the application.
         */
        private int minIdle;

        /**
         * Calls after which a pool worker is replaced by a fresh process.
         */
        private int maxCallsPerWorker = 10_000;

        /**
         * Address-space limit of a worker process; 0 for none.
         */
        private DataSize memoryLimit = DataSize.ofMegabytes(1024);

        /**
         * Most output kept per call.
         */
        private DataSize logLimit = DataSize.ofKilobytes(64);

        /**
         * Directory under which every worker gets a private working directory; unset takes the JVM's
         * temporary directory.
         */
        private java.nio.file.Path workDir;

        /**
         * Longest wait for a new worker to report ready.
         */
        private Duration startTimeout = Duration.ofSeconds(10);

        /**
         * Function modules a pool worker keeps loaded, least recently used dropped first.
         */
        private int maxModulesPerWorker = 64;

        /**
         * Whether Python workers run in bubblewrap: auto (when it works on this host, else unsandboxed with a
         * warning), bubblewrap (required: start fails without it) or none; unset takes auto.
         */
        private io.faas.core.PythonSettings.Sandbox sandbox;

        /**
         * Bubblewrap executable, a command on the workers' PATH or an absolute path; unset takes bwrap.
         */
        private String bubblewrapPath;

        /**
         * User that sandboxed workers run as when the application runs as root, a name or UID[:GID];
         * unset takes nobody.
         */
        private String sandboxUser;

        /**
         * Size of the private tmpfs that is a sandboxed worker's working directory, HOME and TMPDIR;
         * unset takes 64MB.
         */
        private DataSize tmpSize;

        /**
         * Whether a function spec may ask for the host's network (network: true); unset allows it.
         */
        private Boolean allowNetwork;

        /**
         * Highest memory limit a function spec may ask for, refused above it when registered; 0 for no
         * cap; unset takes 1024MB.
         */
        private DataSize maxMemoryLimit;

        /**
         * Largest file a worker may write; 0 for no limit; unset takes 64MB.
         */
        private DataSize maxFileSize;

        /**
         * Most processes and threads of the sandbox user; 0 for no limit; unset takes 64.
         */
        private Integer maxProcesses;

        /**
         * Most open files of a worker; 0 for no limit; unset takes 256.
         */
        private Integer maxOpenFiles;

        /**
         * CPU time one call may use, whole seconds, 0 for none; unset takes 15m.
         */
        private Duration cpuTimePerCall;

        public String getInterpreter() {
            return interpreter;
        }

        public void setInterpreter(String interpreter) {
            this.interpreter = interpreter;
        }

        public Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(Integer poolSize) {
            this.poolSize = poolSize;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public int getMinIdle() {
            return minIdle;
        }

        public void setMinIdle(int minIdle) {
            this.minIdle = minIdle;
        }

        public int getMaxCallsPerWorker() {
            return maxCallsPerWorker;
        }

        public void setMaxCallsPerWorker(int maxCallsPerWorker) {
            this.maxCallsPerWorker = maxCallsPerWorker;
        }

        public DataSize getMemoryLimit() {
            return memoryLimit;
        }

        public void setMemoryLimit(DataSize memoryLimit) {
            this.memoryLimit = memoryLimit;
        }

        public DataSize getLogLimit() {
            return logLimit;
        }

        public void setLogLimit(DataSize logLimit) {
            this.logLimit = logLimit;
        }

        public java.nio.file.Path getWorkDir() {
            return workDir;
        }

        public void setWorkDir(java.nio.file.Path workDir) {
            this.workDir = workDir;
        }

        public Duration getStartTimeout() {
            return startTimeout;
        }

        public void setStartTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
        }

        public int getMaxModulesPerWorker() {
            return maxModulesPerWorker;
        }

        public void setMaxModulesPerWorker(int maxModulesPerWorker) {
            this.maxModulesPerWorker = maxModulesPerWorker;
        }

        /**
         * Sets on {@code b} the sandbox and limit properties that are set, each only then, so that
         * faas-core keeps its defaults for the rest.
         */
        public void applySandbox(io.faas.core.PythonSettings.Builder b) {
            set(sandbox, b::sandbox);
            set(bubblewrapPath, b::bubblewrapPath);
            set(sandboxUser, b::sandboxUser);
            set(mebibytes(tmpSize), b::tmpSizeMb);
            set(allowNetwork, b::allowNetwork);
            set(mebibytes(maxMemoryLimit), b::maxMemoryLimitMb);
            set(mebibytes(maxFileSize), b::maxFileSizeMb);
            set(maxProcesses, b::maxProcesses);
            set(maxOpenFiles, b::maxOpenFiles);
            set(cpuTimePerCall, b::cpuTimePerCall);
        }

        private static <T> void set(T value, java.util.function.Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }

        private static Integer mebibytes(DataSize size) {
            return size == null ? null : (int) Math.min(Integer.MAX_VALUE, size.toMegabytes());
        }

        public io.faas.core.PythonSettings.Sandbox getSandbox() {
            return sandbox;
        }

        public void setSandbox(io.faas.core.PythonSettings.Sandbox sandbox) {
            this.sandbox = sandbox;
        }

        public String getBubblewrapPath() {
            return bubblewrapPath;
        }

        public void setBubblewrapPath(String bubblewrapPath) {
            this.bubblewrapPath = bubblewrapPath;
        }

        public String getSandboxUser() {
            return sandboxUser;
        }

        public void setSandboxUser(String sandboxUser) {
            this.sandboxUser = sandboxUser;
        }

        public DataSize getTmpSize() {
            return tmpSize;
        }

        public void setTmpSize(DataSize tmpSize) {
            this.tmpSize = tmpSize;
        }

        public Boolean getAllowNetwork() {
            return allowNetwork;
        }

        public void setAllowNetwork(Boolean allowNetwork) {
            this.allowNetwork = allowNetwork;
        }

        public DataSize getMaxMemoryLimit() {
            return maxMemoryLimit;
        }

        public void setMaxMemoryLimit(DataSize maxMemoryLimit) {
            this.maxMemoryLimit = maxMemoryLimit;
        }

        public DataSize getMaxFileSize() {
            return maxFileSize;
        }

        public void setMaxFileSize(DataSize maxFileSize) {
            this.maxFileSize = maxFileSize;
        }

        public Integer getMaxProcesses() {
            return maxProcesses;
        }

        public void setMaxProcesses(Integer maxProcesses) {
            this.maxProcesses = maxProcesses;
        }

        public Integer getMaxOpenFiles() {
            return maxOpenFiles;
        }

        public void setMaxOpenFiles(Integer maxOpenFiles) {
            this.maxOpenFiles = maxOpenFiles;
        }

        public Duration getCpuTimePerCall() {
            return cpuTimePerCall;
        }

        public void setCpuTimePerCall(Duration cpuTimePerCall) {
            this.cpuTimePerCall = cpuTimePerCall;
        }
    }

    /** Checks of Python code at registration and update. */
    public static class Validation {

        /**
         * Whether to check Python code (GraalPy, pyflakes' checks) before it is stored. Without GraalPy
         * on the classpath code is stored unchecked.
         */
        private boolean enabled = true;

        /**
         * Whether warnings (an unused import, say) also refuse the code, not only errors.
         */
        private boolean blockOnWarnings;

        /**
         * Interpreter contexts of the validator, and so validations that run at once.
         */
        private int poolSize = 2;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isBlockOnWarnings() {
            return blockOnWarnings;
        }

        public void setBlockOnWarnings(boolean blockOnWarnings) {
            this.blockOnWarnings = blockOnWarnings;
        }

        public int getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(int poolSize) {
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
