package io.faas.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a function is and how it runs: everything but its code.
 *
 * <p>Build one with {@link #builder(String)}; every field but the name has a default.
 *
 * @param name          unique name, {@code [a-zA-Z][a-zA-Z0-9_-]{0,63}}
 * @param runtime       language of the function
 * @param handler       for Python, the module-level function to call (default {@code handler}), or
 *                      for a {@link FunctionPackage package} {@code module.function}; for Java, a
 *                      label for the handler object
 * @param topics        topics whose events trigger the function (many-to-many); may be empty. The
 *                      topics of every subscription, so also those with a filter
 * @param timeout       longest one attempt may run, whole milliseconds from 1 ms to 15 min (default 30 s)
 * @param memoryLimitMb address-space limit of the worker that runs it, in MiB; 0 takes the
 *                      executor's default
 * @param maxAttempts   attempts before the invocation is final, 1 to 100 (default 3)
 * @param backoff       delays between attempts
 * @param executor      where the function runs, such as {@code local}, {@code process},
 *                      {@code java} or {@code ssh:<pool>}; {@code null} lets the dispatcher choose
 * @param environment   environment variables the function sees (in Python {@code os.environ}, in
 *                      Java {@link FunctionContext#environment()}), by name; names follow
 *                      {@link Names#requireVariableName}, at most {@value #MAX_VARIABLES}, values at
 *                      most {@value #MAX_VALUE_LENGTH} characters without NUL. Part of the spec, so
 *                      shown wherever the spec is: put credentials in secrets instead
 * @param secretNames   names of the function's secrets ({@link Secrets}), which it sees as
 *                      environment variables too; their values are never part of a spec. A
 *                      registry fills this field on every read; on register and update it ignores
 *                      it and applies the {@link Secrets} change given beside the spec
 * @param network       whether a Python function's sandbox shares the host's network (default
 *                      false: only its own loopback); an operator may forbid it, and then such a
 *                      spec is refused when registered
 * @param subscriptions the function's topics, each with its content filter or none, sorted by topic:
 *                      one for every topic of {@code topics}, which may name a topic without a
 *                      filter as a shorthand (a topic in both takes the subscription's filter); a
 *                      topic may not be subscribed twice
 * @param ledgerRetention how long the ledger keeps the function's final invocation records after
 *                      they finish, from {@value #MIN_LEDGER_RETENTION_DAYS} day to
 *                      {@value #MAX_LEDGER_RETENTION_DAYS} days in whole seconds; {@code null} (the
 *                      default) takes the client's setting ({@code faas.ledger.retention}, 30 days).
 *                      A record is never deleted while it is RUNNING; once deleted, a redelivery of
 *                      its event runs the function again (since 0.2)
 * @param maxConcurrency most invocations of the function that run at once in one instance, 1 to
 *                      {@value #MAX_CONCURRENCY}; 0 (the default) sets no limit of its own. Over the
 *                      limit an invocation waits without holding a worker thread, and other
 *                      functions' events do not wait for it (since 0.2)
 * @param destinations  topics that receive the function's result or failure once an invocation is
 *                      final ({@link Destinations#NONE}, the default, for none); each must be a
 *                      registered topic when the function is registered or updated (since 0.2)
 * @param batching      whether the function takes its events one by one ({@link Batching#NONE},
 *                      the default) or in batches (since 0.2)
 * @param layers        shared layers ({@link LayerRegistry}) whose files a Python function finds on
 *                      {@code sys.path}, in order, after its own code: each a layer's name, or
 *                      {@code name@digest} for one content of it. A registry pins a bare name to the
 *                      layer's current digest when it stores a version, so a later change of the
 *                      layer changes no stored version; at most {@value #MAX_LAYERS} (since 0.3)
 * @since 0.1
 */
public record FunctionSpec(
        String name,
        FunctionRuntime runtime,
        String handler,
        Set<String> topics,
        Duration timeout,
        int memoryLimitMb,
        int maxAttempts,
        Backoff backoff,
        String executor,
        Map<String, String> environment,
        Set<String> secretNames,
        boolean network,
        List<Subscription> subscriptions,
        Duration ledgerRetention,
        int maxConcurrency,
        Destinations destinations,
        Batching batching,
        List<String> layers) {

    /** Default timeout of one attempt. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Longest timeout a function may ask for. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);
    /** Default number of attempts. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** A Python handler: an identifier, or dotted {@code module.function} for a package. */
    private static final String PYTHON_HANDLER = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*";
    /** Default Python handler name. */
    public static final String DEFAULT_HANDLER = "handler";
    /** Most environment variables one function may have. */
    public static final int MAX_VARIABLES = 64;
    /** Longest value of an environment variable, in characters. */
    public static final int MAX_VALUE_LENGTH = 4096;
    /** Shortest ledger retention, in days: shorter would let records go while their events can still be redelivered. */
    public static final int MIN_LEDGER_RETENTION_DAYS = 1;
    /** Longest ledger retention, in days (about ten years). */
    public static final int MAX_LEDGER_RETENTION_DAYS = 3650;
    /** Most shared layers of one function. */
    public static final int MAX_LAYERS = 5;
    /** Highest per-function concurrency limit. */
    public static final int MAX_CONCURRENCY = 10_000;

    public FunctionSpec {
        Names.requireFunctionName(name);
        Objects.requireNonNull(runtime, "runtime");
        if (handler == null || handler.isBlank()) {
            handler = DEFAULT_HANDLER;
        }
        if (runtime == FunctionRuntime.PYTHON && !handler.matches(PYTHON_HANDLER)) {
            throw new IllegalArgumentException("handler '" + handler + "' of function '" + name
                    + "' is not a Python identifier (or module.function for a package)");
        }
        Objects.requireNonNull(topics, "topics");
        TreeMap<String, Subscription> byTopic = new TreeMap<>();
        for (Subscription s : subscriptions == null ? List.<Subscription>of() : subscriptions) {
            Objects.requireNonNull(s, "subscription");
            if (byTopic.put(s.topic(), s) != null) {
                throw new IllegalArgumentException("function '" + name + "' subscribes to topic '" + s.topic()
                        + "' twice");
            }
        }
        for (String topic : topics) {
            // a null is refused here as a bad name, never as a NullPointerException
            byTopic.putIfAbsent(Names.requireTopicName(topic), Subscription.of(topic));
        }
        topics = Collections.unmodifiableSet(new TreeSet<>(byTopic.keySet()));
        subscriptions = List.copyOf(byTopic.values());
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0
                || !Backoff.isWholeMillis(timeout)) {
            throw new IllegalArgumentException("timeout of function '" + name + "' must be whole milliseconds"
                    + " between 1 ms and " + MAX_TIMEOUT + ": " + timeout);
        }
        if (memoryLimitMb < 0) {
            throw new IllegalArgumentException("memory limit of function '" + name + "' must not be negative: "
                    + memoryLimitMb);
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts of function '" + name + "' must be between 1 and 100: "
                    + maxAttempts);
        }
        Objects.requireNonNull(backoff, "backoff");
        if (executor != null && executor.isBlank()) {
            executor = null;
        }
        environment = checkEnvironment(name, environment);
        TreeSet<String> secrets = new TreeSet<>();
        for (String secret : secretNames == null ? Set.<String>of() : secretNames) {
            secrets.add(Names.requireVariableName(secret));
            if (environment.containsKey(secret)) {
                throw new IllegalArgumentException("function '" + name + "' has " + secret
                        + " both as an environment variable and as a secret");
            }
        }
        secretNames = Collections.unmodifiableSet(secrets);
        if (ledgerRetention != null) {
            checkLedgerRetention("ledgerRetention of function '" + name + "'", ledgerRetention);
        }
        if (maxConcurrency < 0 || maxConcurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("maxConcurrency of function '" + name + "' must be between 0 (no limit)"
                    + " and " + MAX_CONCURRENCY + ": " + maxConcurrency);
        }
        if (destinations == null) {
            destinations = Destinations.NONE;
        }
        if (batching == null) {
            batching = Batching.NONE;
        }
        layers = layers == null ? List.of() : List.copyOf(layers);
        if (layers.size() > MAX_LAYERS) {
            throw new IllegalArgumentException("function '" + name + "' has more than " + MAX_LAYERS + " layers");
        }
        Set<String> layerNames = new java.util.HashSet<>();
        for (String layer : layers) {
            if (!layer.matches("[a-zA-Z][a-zA-Z0-9_-]{0,63}(@[0-9a-f]{64})?")) {
                throw new IllegalArgumentException("layer '" + layer + "' of function '" + name + "' is not a layer"
                        + " name, or name@digest");
            }
            if (!layerNames.add(layer.split("@")[0])) {
                throw new IllegalArgumentException("function '" + name + "' has layer '" + layer.split("@")[0]
                        + "' twice");
            }
        }
    }

    /**
     * The spec without shared layers, as before they existed.
     *
     * @since 0.3
     */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor,
                        Map<String, String> environment, Set<String> secretNames, boolean network,
                        List<Subscription> subscriptions, Duration ledgerRetention, int maxConcurrency,
                        Destinations destinations, Batching batching) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, environment,
                secretNames, network, subscriptions, ledgerRetention, maxConcurrency, destinations, batching, List.of());
    }

    /**
     * This spec with other layers; what a registry stores after pinning each to its digest.
     *
     * @since 0.3
     */
    public FunctionSpec withLayers(List<String> layers) {
        return new FunctionSpec(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff,
                executor, environment, secretNames, network, subscriptions, ledgerRetention, maxConcurrency,
                destinations, batching, layers);
    }

    /**
     * The spec of a function that takes one event per call, as before batches existed.
     *
     * @since 0.2
     */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor,
                        Map<String, String> environment, Set<String> secretNames, boolean network,
                        List<Subscription> subscriptions, Duration ledgerRetention, int maxConcurrency,
                        Destinations destinations) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, environment,
                secretNames, network, subscriptions, ledgerRetention, maxConcurrency, destinations, Batching.NONE);
    }

    /**
     * The spec without destinations, as before that field existed.
     *
     * @since 0.2
     */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor,
                        Map<String, String> environment, Set<String> secretNames, boolean network,
                        List<Subscription> subscriptions, Duration ledgerRetention, int maxConcurrency) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, environment,
                secretNames, network, subscriptions, ledgerRetention, maxConcurrency, Destinations.NONE, Batching.NONE);
    }

    /**
     * The spec without a concurrency limit of its own, as before that field existed.
     *
     * @since 0.2
     */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor,
                        Map<String, String> environment, Set<String> secretNames, boolean network,
                        List<Subscription> subscriptions, Duration ledgerRetention) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, environment,
                secretNames, network, subscriptions, ledgerRetention, 0);
    }

    /**
     * Checks a ledger retention: whole seconds from {@value #MIN_LEDGER_RETENTION_DAYS} day to
     * {@value #MAX_LEDGER_RETENTION_DAYS} days.
     *
     * @param what names the value in the message, such as {@code ledgerRetention}
     * @return the retention
     * @throws IllegalArgumentException naming {@code what} and the range
     * @since 0.2
     */
    public static Duration checkLedgerRetention(String what, Duration retention) {
        Objects.requireNonNull(retention, what);
        if (retention.compareTo(Duration.ofDays(MIN_LEDGER_RETENTION_DAYS)) < 0
                || retention.compareTo(Duration.ofDays(MAX_LEDGER_RETENTION_DAYS)) > 0 || retention.getNano() != 0) {
            throw new IllegalArgumentException(what + " must be whole seconds between " + MIN_LEDGER_RETENTION_DAYS
                    + " day and " + MAX_LEDGER_RETENTION_DAYS + " days: " + retention);
        }
        return retention;
    }

    /**
     * The spec without a ledger retention of its own, as before that field existed.
     *
     * @since 0.2
     */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor,
                        Map<String, String> environment, Set<String> secretNames, boolean network,
                        List<Subscription> subscriptions) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, environment,
                secretNames, network, subscriptions, null);
    }

    /**
     * The spec without content filters of its own, as before subscriptions existed.
     *
     * @since 0.2
     */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor,
                        Map<String, String> environment, Set<String> secretNames, boolean network,
                        Duration ledgerRetention) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, environment,
                secretNames, network, List.of(), ledgerRetention);
    }

    /** Shortcut for the spec of a function before its subscriptions had filters: every event of its topics. */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor,
                        Map<String, String> environment, Set<String> secretNames, boolean network) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, environment,
                secretNames, network, List.of(), null);
    }

    /**
     * Shortcut for the spec of a function before its environment, secrets and network were known:
     * no environment, no secrets, no network.
     */
    public FunctionSpec(String name, FunctionRuntime runtime, String handler, Set<String> topics, Duration timeout,
                        int memoryLimitMb, int maxAttempts, Backoff backoff, String executor) {
        this(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff, executor, Map.of(),
                Set.of(), false, List.of(), null);
    }

    private static Map<String, String> checkEnvironment(String function, Map<String, String> environment) {
        if (environment == null || environment.isEmpty()) {
            return Map.of();
        }
        if (environment.size() > MAX_VARIABLES) {
            throw new IllegalArgumentException("function '" + function + "' has more than " + MAX_VARIABLES
                    + " environment variables");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String variable = Names.requireVariableName(e.getKey());
            String value = Objects.requireNonNull(e.getValue(), () -> "value of environment variable " + variable);
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("environment variable " + variable + " of function '" + function
                        + "' is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + variable + " of function '" + function
                        + "' holds a NUL character");
            }
            sorted.put(variable, value);
        }
        return Collections.unmodifiableMap(sorted);
    }

    /** This spec with other secret names; what a registry returns after applying a {@link Secrets} change. */
    public FunctionSpec withSecretNames(Set<String> secretNames) {
        return new FunctionSpec(name, runtime, handler, topics, timeout, memoryLimitMb, maxAttempts, backoff,
                executor, environment, secretNames, network, subscriptions, ledgerRetention, maxConcurrency,
                destinations, batching, layers);
    }

    /** The content filter of the function's subscription to {@code topic}; empty without one or without the topic. */
    public Optional<EventFilter> filterFor(String topic) {
        for (Subscription s : subscriptions) {
            if (s.topic().equals(topic)) {
                return Optional.ofNullable(s.filter());
            }
        }
        return Optional.empty();
    }

    /** Whether any subscription has a content filter. */
    public boolean hasFilters() {
        return subscriptions.stream().anyMatch(s -> !s.unfiltered());
    }

    /** A builder for a Python function with every default set. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder that starts from this specification. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Shortcut for a Python function on the given topics with every other default. */
    public static FunctionSpec python(String name, String... topics) {
        return builder(name).topics(topics).build();
    }

    /** Shortcut for a Java function on the given topics with every other default. */
    public static FunctionSpec java(String name, String... topics) {
        return builder(name).runtime(FunctionRuntime.JAVA).topics(topics).build();
    }

    /**
     * Mutable builder of {@link FunctionSpec}. Not thread-safe.
     */
    public static final class Builder {
        private String name;
        private FunctionRuntime runtime = FunctionRuntime.PYTHON;
        private String handler = DEFAULT_HANDLER;
        private List<String> topics = new ArrayList<>();
        private List<Subscription> subscriptions = new ArrayList<>();
        private Duration timeout = DEFAULT_TIMEOUT;
        private int memoryLimitMb;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = Backoff.DEFAULT;
        private String executor;
        private Map<String, String> environment = new TreeMap<>();
        private Set<String> secretNames = new TreeSet<>();
        private boolean network;
        private Duration ledgerRetention;
        private int maxConcurrency;
        private Destinations destinations = Destinations.NONE;
        private int batchSize = 1;
        private Duration batchWindow = Duration.ZERO;
        private List<String> layers = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        private Builder(FunctionSpec spec) {
            this.name = spec.name;
            this.runtime = spec.runtime;
            this.handler = spec.handler;
            this.subscriptions = new ArrayList<>(spec.subscriptions);
            this.timeout = spec.timeout;
            this.memoryLimitMb = spec.memoryLimitMb;
            this.maxAttempts = spec.maxAttempts;
            this.backoff = spec.backoff;
            this.executor = spec.executor;
            this.environment = new TreeMap<>(spec.environment);
            this.secretNames = new TreeSet<>(spec.secretNames);
            this.network = spec.network;
            this.ledgerRetention = spec.ledgerRetention;
            this.maxConcurrency = spec.maxConcurrency;
            this.destinations = spec.destinations;
            this.batchSize = spec.batching.size();
            this.batchWindow = spec.batching.window();
            this.layers = new ArrayList<>(spec.layers);
        }

        /**
         * Replaces the shared layers: names, or {@code name@digest}.
         *
         * @since 0.3
         */
        public Builder layers(Collection<String> layers) {
            this.layers = new ArrayList<>(Objects.requireNonNull(layers, "layers"));
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder runtime(FunctionRuntime runtime) {
            this.runtime = runtime;
            return this;
        }

        public Builder handler(String handler) {
            this.handler = handler;
            return this;
        }

        /** Replaces the topics, and any subscriptions, by these topics without a filter. */
        public Builder topics(String... topics) {
            return topics(java.util.Arrays.asList(topics));
        }

        /**
         * Replaces the topics, and any subscriptions, by these topics without a filter; {@link #build()}
         * checks each.
         */
        public Builder topics(Collection<String> topics) {
            this.topics = new ArrayList<>(Objects.requireNonNull(topics, "topics"));
            this.subscriptions = new ArrayList<>();
            return this;
        }

        /** Replaces the topics, and any subscriptions, by these subscriptions. */
        public Builder subscriptions(Collection<Subscription> subscriptions) {
            this.subscriptions = new ArrayList<>(Objects.requireNonNull(subscriptions, "subscriptions"));
            this.topics = new ArrayList<>();
            return this;
        }

        /**
         * Adds a subscription; one to a topic already listed by {@link #topics} gives it the filter, and
         * {@link #build()} refuses a topic subscribed twice.
         */
        public Builder subscribe(Subscription subscription) {
            this.subscriptions.add(Objects.requireNonNull(subscription, "subscription"));
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder memoryLimitMb(int memoryLimitMb) {
            this.memoryLimitMb = memoryLimitMb;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        public Builder executor(String executor) {
            this.executor = executor;
            return this;
        }

        /** Replaces the environment variables. */
        public Builder environment(Map<String, String> environment) {
            this.environment = new TreeMap<>(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /** Adds or replaces one environment variable. */
        public Builder environment(String name, String value) {
            this.environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Replaces the secret names; registries ignore them on register and update (see {@link Secrets}). */
        public Builder secretNames(Collection<String> secretNames) {
            this.secretNames = new TreeSet<>(Objects.requireNonNull(secretNames, "secretNames"));
            return this;
        }

        /** Whether the function's sandbox shares the host's network (default false). */
        public Builder network(boolean network) {
            this.network = network;
            return this;
        }

        /**
         * How long the ledger keeps the function's final records; {@code null} (the default) takes
         * the client's setting.
         *
         * @since 0.2
         */
        public Builder ledgerRetention(Duration ledgerRetention) {
            this.ledgerRetention = ledgerRetention;
            return this;
        }

        /**
         * Most invocations of the function that run at once in one instance; 0 (the default): no
         * limit of its own.
         *
         * @since 0.2
         */
        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * Replaces both destinations; {@code null} for none.
         *
         * @since 0.2
         */
        public Builder destinations(Destinations destinations) {
            this.destinations = destinations == null ? Destinations.NONE : destinations;
            return this;
        }

        /**
         * Topic that receives the function's result; {@code null} for none.
         *
         * @throws IllegalArgumentException if it is not a valid topic name
         * @since 0.2
         */
        public Builder onSuccess(String topic) {
            this.destinations = new Destinations(topic, destinations.onFailure());
            return this;
        }

        /**
         * Topic that receives the function's failure document; {@code null} for none.
         *
         * @throws IllegalArgumentException if it is not a valid topic name
         * @since 0.2
         */
        public Builder onFailure(String topic) {
            this.destinations = new Destinations(destinations.onSuccess(), topic);
            return this;
        }

        /**
         * Most events in one call, 1 (the default, no batching) to {@value Batching#MAX_SIZE}; see
         * {@link Batching}.
         *
         * @since 0.2
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Longest a batch waits to fill after its first event, 0 (the default) to 5 s.
         *
         * @since 0.2
         */
        public Builder batchWindow(Duration batchWindow) {
            this.batchWindow = batchWindow;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first field that is not acceptable
         */
        public FunctionSpec build() {
            return new FunctionSpec(name, runtime, handler, new LinkedHashSet<>(topics), timeout, memoryLimitMb,
                    maxAttempts, backoff, executor, environment, secretNames, network, subscriptions, ledgerRetention,
                    maxConcurrency, destinations, new Batching(batchSize, batchWindow), layers);
        }
    }
}
