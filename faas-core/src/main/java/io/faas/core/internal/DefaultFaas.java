package io.faas.core.internal;

import io.faas.core.internal.dispatch.ExecutorRouter;
import io.faas.core.internal.ledger.LedgerWaiters;
import io.faas.core.internal.replay.KafkaReplays;
import io.faas.core.internal.registry.RegistryCache;
import io.faas.core.internal.registry.RegistryChanges;
import io.faas.api.Dispatcher;
import io.faas.api.EventPublisher;
import io.faas.api.FaasException;
import io.faas.api.Faas;
import io.faas.api.FunctionRegistry;
import io.faas.api.FunctionRuntime;
import io.faas.api.InvocationStore;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.TopicRegistry;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.core.PartitionLag;
import io.faas.core.FunctionExecutors;
import io.faas.core.PythonValidator;
import io.faas.core.CodeValidators;
import io.faas.core.internal.packages.MongoLayerRegistry;
import io.faas.core.internal.packages.MongoPackageStore;
import io.faas.core.internal.packages.PipResolver;
import io.faas.core.spi.ContextualExecutor;
import io.faas.core.spi.ExecutorContext;
import io.faas.core.spi.Lease;
import io.faas.api.CodeValidator;
import io.faas.core.internal.execution.python.PythonWorkerPool;
import io.faas.core.internal.execution.java.JavaFunctionExecutor;
import io.faas.core.internal.registry.ChangeSignal;
import io.faas.core.internal.kafka.KafkaConfigs;
import io.faas.core.internal.kafka.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.faas.core.internal.dispatch.KafkaDispatcher;
import io.faas.core.internal.publish.KafkaEventPublisher;
import io.faas.core.internal.registry.KafkaTopicAdmin;
import io.faas.core.internal.ledger.FilteredCounts;
import io.faas.core.internal.ledger.LedgerRetention;
import io.faas.core.internal.ledger.LedgerWriter;
import io.faas.core.internal.registry.MongoAliases;
import io.faas.core.internal.registry.MongoFunctionRegistry;
import io.faas.core.internal.ledger.MongoInvocationStore;
import io.faas.core.internal.store.MongoLease;
import io.faas.core.internal.store.MongoStore;
import io.faas.core.internal.secrets.SecretsCipher;
import io.faas.core.internal.secrets.SecretsKeys;
import io.faas.core.internal.registry.MongoTopicRegistry;
import io.faas.logging.internal.QuietLogs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One faas instance: the MongoDB store, the Kafka admin, producer and change signal, the
 * registries, the ledger writer, the executors and the dispatcher, wired together and closed in
 * reverse order. Thread-safe.
 */
public final class DefaultFaas implements FaasClient {

    private static final Logger log = LoggerFactory.getLogger(DefaultFaas.class);
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** How often each instance adds its counts of filtered events to MongoDB. */
    private static final Duration FILTERED_FLUSH_INTERVAL = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> resources;
    /** Names this client where instances share work, e.g. as the holder of a lease; unique per client. */
    private final String instanceId = instanceId();
    private final MongoStore store;
    private final MongoPackageStore packages;
    private final MongoLayerRegistry layers;
    private final KafkaTopicAdmin admin;
    private final RegistryCache cache;
    private final MongoTopicRegistry topics;
    private final MongoFunctionRegistry functions;
    private final MongoInvocationStore invocations;
    private final KafkaEventPublisher publisher;
    private volatile KafkaDispatcher dispatcher;
    private KafkaReplays replays;
    private final MongoAliases aliases;
    private final ExecutorRouter router;
    private final LedgerWriter ledger;
    private final FilteredCounts filtered;
    private final CodeValidator validator;
    private volatile boolean closed;

    private DefaultFaas(FaasSettings settings, List<FunctionExecutor> extraExecutors, CodeValidator validator,
                        OpenTelemetry openTelemetry, Deque<AutoCloseable> resources) {
        this.resources = resources;
        store = own(new MongoStore(settings.mongoUri(), settings.mongoDatabase(), settings.requestTimeout()));
        store.ensureIndexes();
        KafkaConfigs configs = new KafkaConfigs(settings.kafkaBootstrapServers(), settings.kafkaProperties());
        admin = own(new KafkaTopicAdmin(configs, settings.requestTimeout(), settings.topicReplicationFactor()));
        admin.create(settings.changesTopic(), 1, Map.of("retention.ms", String.valueOf(Duration.ofHours(1).toMillis())));
        admin.create(settings.dispatcher().deadLetterTopic(), 1, Map.of());
        Producer<byte[], byte[]> producer = own(new KafkaProducer<>(configs.producer("faas-producer")));

        packages = new MongoPackageStore(store);
        Map<String, FunctionExecutor> executors = new LinkedHashMap<>();
        JavaFunctionExecutor java = new JavaFunctionExecutor();
        executors.put(java.name(), java);
        for (FunctionExecutor python : List.of(FunctionExecutors.pythonPool(settings.python()),
                FunctionExecutors.processPerEvent(settings.python()))) {
            executors.put(python.name(), python);
        }
        for (FunctionExecutor e : extraExecutors) {
            executors.put(e.name(), e);
        }
        ExecutorContext context = new Context();
        for (FunctionExecutor e : executors.values()) {
            own(e);
            try {
                if (e instanceof ContextualExecutor contextual) {
                    contextual.bind(context);
                }
                e.start();
            } catch (RuntimeException ex) {
                // A host without python3 can still run Java functions; Python ones fail with ExecutorUnavailable.
                log.warn("executor '{}' could not start; functions routed to it will fail: {}", e.name(),
                        ex.getMessage());
            }
        }
        cache = new RegistryCache(store);
        SecretsCipher cipher = new SecretsCipher(() -> settings.secretsKey() != null
                ? SecretsKeys.decode(settings.secretsKey()) : SecretsKeys.fromFile(settings.secretsKeyFile()));
        router = new ExecutorRouter(executors.values(),
                Map.of(FunctionRuntime.JAVA, JavaFunctionExecutor.NAME, FunctionRuntime.PYTHON, PythonWorkerPool.NAME),
                settings.topicExecutors(),
                function -> cipher.openAll(function.name(), cache.current().sealedSecrets(function.name())));

        ChangeSignal signal = new ChangeSignal(settings.changesTopic(), producer, configs, cache, REFRESH_INTERVAL);
        RegistryChanges changes = what -> {
            cache.reload();
            signal.signal(what);
        };
        topics = new MongoTopicRegistry(store, admin, changes,
                Set.of(settings.changesTopic(), settings.dispatcher().deadLetterTopic()), settings.maxTopicPartitions(),
                settings.requestTimeout());
        if (settings.validation() && validator == null) {
            PythonValidator own = own(CodeValidators.create(settings.python(), settings.maxSourceBytes()));
            try {
                own.start();
            } catch (RuntimeException e) {
                // Java functions need no Python; Python registrations are refused while it cannot start.
                log.warn("the Python code validator could not start; it is tried again when code is validated: {}",
                        e.getMessage());
            }
            validator = own;
        }
        this.validator = settings.validation() ? validator : null;
        layers = new MongoLayerRegistry(store, packages, new PipResolver(settings.python(), settings.maxPackageBytes()),
                settings.maxPackageBytes());
        functions = new MongoFunctionRegistry(store, this.validator, settings.blockOnWarnings(),
                settings.maxSourceBytes(), java, changes, cipher, settings.python(), settings.maxPackageBytes(), layers);
        LedgerRetention retention = new LedgerRetention(settings.ledgerRetention(),
                function -> cache.current().function(function).map(fv -> fv.spec().ledgerRetention()).orElse(null));
        invocations = new MongoInvocationStore(store, retention);
        ledger = own(new LedgerWriter(store, retention, settings.dispatcher().ledgerBatchSize()));
        LedgerWriter shadows = own(new LedgerWriter(store.shadowInvocations(),
                invocation -> retention.document(invocation).append("shadow", true),
                settings.dispatcher().ledgerBatchSize(), "faas-shadow-ledger"));
        aliases = new MongoAliases(store, changes);
        LedgerWaiters waiters = new LedgerWaiters();
        ledger.addListener(waiters::written);
        Tracing tracing = new Tracing(openTelemetry);
        publisher = new KafkaEventPublisher(producer, cache, topics, invocations, waiters, settings.maxPayloadBytes(),
                settings.requestTimeout(), tracing);
        filtered = own(new FilteredCounts(store, FILTERED_FLUSH_INTERVAL));
        dispatcher = own(new KafkaDispatcher(configs, settings.dispatcher(), cache, router, ledger, shadows, filtered,
                invocations, producer, tracing));
        replays = own(new KafkaReplays(store, configs, cache, functions, () -> dispatcher, invocations, retention,
                settings.dispatcher().maxInFlight(), settings.dispatcher().ledgerBatchSize()));
        cache.reload();
        own(signal);
        signal.start();
    }

    /** What this client offers the executors passed to it. */
    private final class Context implements ExecutorContext {
        @Override
        public String instanceId() {
            return instanceId;
        }

        @Override
        public long backlog(String executorName, java.util.Collection<String> topics) {
            return DefaultFaas.this.backlog(executorName, topics);
        }

        @Override
        public Lease lease(String name) {
            return new MongoLease(store, name, instanceId, Clock.systemUTC());
        }

        @Override
        public java.util.Optional<byte[]> functionPackage(String digest) {
            return packages.read(digest);
        }

        @Override
        public List<String> packageLayers(String digest) {
            return packages.layers(digest);
        }
    }

    private static String instanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The fleet's backlog as this instance sees it: records of the topics whose functions run on the
     * fleet that its dispatcher has not read (consumer lag), plus those read but not yet fully run
     * and recorded (a burst is read at once, up to {@code maxInFlight}, and waits in the dispatcher).
     */
    private long backlog(String executorName, java.util.Collection<String> topics) {
        KafkaDispatcher dispatcher = this.dispatcher;
        if (dispatcher == null) {
            return 0; // still wiring
        }
        Set<String> topicsOfFleet = new java.util.HashSet<>(topics);
        topicsOfFleet.addAll(router.topicsRoutedTo(executorName, cache.current()));
        long sum = 0;
        for (PartitionLag partition : dispatcher.lag()) {
            if (topicsOfFleet.contains(partition.topic())) {
                sum += partition.lag();
            }
        }
        for (Map.Entry<String, Integer> topic : dispatcher.inFlightByTopic().entrySet()) {
            if (topicsOfFleet.contains(topic.getKey())) {
                sum += topic.getValue();
            }
        }
        return sum;
    }

    /**
     * Connects to Kafka and MongoDB and wires an instance.
     *
     * @throws ServiceUnavailableException if Kafka or MongoDB cannot be reached
     */
    public static DefaultFaas create(FaasSettings settings, List<FunctionExecutor> executors, CodeValidator validator,
                                     OpenTelemetry openTelemetry) {
        checkExecutors(settings, executors);
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            // faas's own clients print their configuration and connection steps at INFO: not at start.
            return QuietLogs.quietly(() -> new DefaultFaas(settings, executors, validator, openTelemetry, resources));
        } catch (RuntimeException e) {
            while (!resources.isEmpty()) {
                closeQuietly(resources.pop());
            }
            if (e instanceof FaasException || e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new ServiceUnavailableException("could not start faas: " + e.getMessage(), e);
        }
    }

    /**
     * Before anything connects: executor names are unique and every topic binding names one.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    static void checkExecutors(FaasSettings settings, List<FunctionExecutor> executors) {
        Set<String> added = new java.util.HashSet<>();
        Set<String> names = new java.util.TreeSet<>(List.of(JavaFunctionExecutor.NAME, PythonWorkerPool.NAME,
                io.faas.core.internal.execution.python.ProcessPerEventExecutor.NAME));
        for (FunctionExecutor e : executors) {
            if (!added.add(e.name())) {
                throw new IllegalArgumentException("two executors are named '" + e.name() + "'");
            }
            names.add(e.name());
        }
        settings.topicExecutors().forEach((topic, name) -> {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("topicExecutor '" + topic + "' -> '" + name
                        + "': no such executor; configured are " + names);
            }
        });
    }

    /** Registers a resource to close, last created first closed. */
    private <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    @Override
    public FunctionRegistry functions() {
        return functions;
    }

    @Override
    public TopicRegistry topics() {
        return topics;
    }

    @Override
    public io.faas.api.LayerRegistry layers() {
        return layers;
    }

    @Override
    public EventPublisher publisher() {
        return publisher;
    }

    @Override
    public InvocationStore invocations() {
        return invocations;
    }

    @Override
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public java.util.Optional<CodeValidator> validator() {
        return java.util.Optional.ofNullable(validator);
    }

    @Override
    public void checkKafka() {
        admin.ping();
    }

    @Override
    public void checkMongo() {
        store.ping();
    }

    @Override
    public java.util.List<FunctionExecutor> executors() {
        return router.executors();
    }

    @Override
    public void addInvocationListener(java.util.function.Consumer<io.faas.api.Invocation> listener) {
        ledger.addListener(batch -> batch.forEach(listener));
    }

    @Override
    public List<PartitionLag> consumerLag() {
        return dispatcher.groupLag();
    }

    @Override
    public int inFlight() {
        return dispatcher.inFlight();
    }

    @Override
    public int ledgerBacklog() {
        return ledger.backlog();
    }

    @Override
    public long rebalanceReexecutions() {
        return dispatcher.rebalanceReexecutions();
    }

    @Override
    public io.faas.api.Replays replays() {
        return replays;
    }

    @Override
    public io.faas.api.Aliases aliases() {
        return aliases;
    }

    @Override
    public long destinationFailures() {
        return dispatcher.destinationFailures();
    }

    @Override
    public long filteredEvents() {
        return filtered.total();
    }

    @Override
    public long filteredEvents(String function, java.time.Instant from, java.time.Instant to) {
        return filtered.count(function, from, to);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        QuietLogs.quietly(() -> {
            while (!resources.isEmpty()) {
                closeQuietly(resources.pop());
            }
        });
    }
}
