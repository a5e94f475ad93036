package io.faas.testkit;

import io.faas.api.CodeValidator;
import io.faas.api.Diagnostic;
import io.faas.api.DuplicateFunctionException;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionRegistry;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.api.Secrets;
import io.faas.api.TopicNotFoundException;
import io.faas.api.TopicRegistry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link FunctionRegistry} that keeps every version in memory and runs nothing: a test double
 * for host applications' unit tests. Java handlers registered here can be fetched back with
 * {@link #handler(String)} and called directly.
 *
 * <p>It honours the contract: versions start at 1 and grow by one per update; a taken name gives
 * {@link DuplicateFunctionException}; a topic that the {@link TopicRegistry} does not know gives
 * {@link TopicNotFoundException}; an unknown function gives {@link FunctionNotFoundException};
 * a spec of the wrong runtime, empty source, or source with errors (when a
 * {@link CodeValidator} is given) gives {@link InvalidFunctionException}. Built on an
 * {@link InMemoryTopicRegistry}, deleting a topic that functions are mapped to fails with
 * {@link io.faas.api.TopicInUseException}. The source hash is the SHA-256 (hex) of the runtime,
 * handler and source. Secrets are kept (unencrypted) per function, as the MongoDB registry keeps
 * them: reads show their names only, and {@link #secretValues(String)} gives a test the values.
 *
 * <p>Thread-safe; every operation is atomic.
 *
 * @since 0.1
 */
public final class InMemoryFunctionRegistry implements FunctionRegistry {
    private final TopicRegistry topics;
    private final CodeValidator validator;
    private final Clock clock;
    private final Object lock;
    private final Map<String, List<FunctionVersion>> functions = new TreeMap<>();
    private final Map<String, FunctionHandler> handlers = new HashMap<>();
    private final Map<String, Map<String, String>> secrets = new HashMap<>();

    /**
     * A registry whose functions may only use topics known to {@code topics}; source code is not
     * checked.
     */
    public InMemoryFunctionRegistry(TopicRegistry topics) {
        this(topics, null, Clock.systemUTC());
    }

    /**
     * A registry whose functions may only use topics known to {@code topics}.
     *
     * @param validator checks Python source on register and update; {@code null} checks nothing
     * @param clock     stamps {@link FunctionVersion#createdAt()}
     */
    public InMemoryFunctionRegistry(TopicRegistry topics, CodeValidator validator, Clock clock) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.validator = validator;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (topics instanceof InMemoryTopicRegistry inMemory) {
            this.lock = inMemory.lock;
            inMemory.usedBy(this::namesOn);
        } else {
            this.lock = new Object();
        }
    }

    @Override
    public FunctionVersion register(FunctionSpec spec, String source, Secrets change) {
        requireRuntime(spec, FunctionRuntime.PYTHON, "register it with a FunctionHandler");
        Objects.requireNonNull(change, "secrets");
        checkSource(spec, source);
        synchronized (lock) {
            if (functions.containsKey(spec.name())) {
                throw new DuplicateFunctionException(spec.name());
            }
            requireTopics(spec);
            return store(spec, change, source, hash("python", spec.handler(), source));
        }
    }

    @Override
    public FunctionVersion register(FunctionSpec spec, FunctionHandler handler, Secrets change) {
        requireRuntime(spec, FunctionRuntime.JAVA, "register it with source code");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(change, "secrets");
        synchronized (lock) {
            FunctionVersion current = latest(spec.name());
            if (current != null) {
                if (current.spec().runtime() != FunctionRuntime.JAVA) {
                    throw new DuplicateFunctionException(spec.name(), "it is a Python function");
                }
                FunctionHandler bound = handlers.get(spec.name());
                if (bound != null && bound != handler) {
                    throw new DuplicateFunctionException(spec.name(), "another handler is registered for it in this process");
                }
            }
            requireTopics(spec);
            Map<String, String> stored = secrets.getOrDefault(spec.name(), Map.of());
            if (current != null && current.spec().equals(withNames(spec, stored.keySet())) && holds(stored, change)) {
                handlers.put(spec.name(), handler);
                return current;
            }
            FunctionVersion stored2 = store(spec, change, null, hash("java", spec.handler()));
            handlers.put(spec.name(), handler);
            return stored2;
        }
    }

    @Override
    public FunctionVersion update(FunctionSpec spec, String source, Secrets change) {
        requireRuntime(spec, FunctionRuntime.PYTHON, "update it with a FunctionHandler");
        Objects.requireNonNull(change, "secrets");
        checkSource(spec, source);
        synchronized (lock) {
            FunctionVersion current = existing(spec.name());
            if (current.spec().runtime() != FunctionRuntime.PYTHON) {
                throw new InvalidFunctionException(spec.name(), "it is a Java function; update it with a handler");
            }
            requireTopics(spec);
            return store(spec, change, source, hash("python", spec.handler(), source));
        }
    }

    @Override
    public FunctionVersion update(FunctionSpec spec, FunctionHandler handler, Secrets change) {
        requireRuntime(spec, FunctionRuntime.JAVA, "update it with source code");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(change, "secrets");
        synchronized (lock) {
            FunctionVersion current = existing(spec.name());
            if (current.spec().runtime() != FunctionRuntime.JAVA) {
                throw new InvalidFunctionException(spec.name(), "it is a Python function; update it with source code");
            }
            requireTopics(spec);
            FunctionVersion next = store(spec, change, null, hash("java", spec.handler()));
            handlers.put(spec.name(), handler);
            return next;
        }
    }

    @Override
    public void delete(String name) {
        Objects.requireNonNull(name, "name");
        synchronized (lock) {
            existing(name);
            functions.remove(name);
            handlers.remove(name);
            secrets.remove(name);
        }
    }

    @Override
    public Optional<FunctionVersion> get(String name) {
        synchronized (lock) {
            return Optional.ofNullable(latest(name));
        }
    }

    @Override
    public Optional<FunctionVersion> get(String name, int version) {
        synchronized (lock) {
            List<FunctionVersion> all = functions.get(name);
            if (all == null || version < 1 || version > all.size()) {
                return Optional.empty();
            }
            return Optional.of(all.get(version - 1));
        }
    }

    @Override
    public List<FunctionVersion> list() {
        synchronized (lock) {
            return functions.values().stream().map(all -> all.get(all.size() - 1)).toList();
        }
    }

    @Override
    public List<FunctionVersion> versions(String name) {
        synchronized (lock) {
            existing(name);
            return List.copyOf(functions.get(name));
        }
    }

    @Override
    public List<FunctionVersion> functionsFor(String topic) {
        synchronized (lock) {
            return list().stream().filter(v -> v.spec().topics().contains(topic)).toList();
        }
    }

    /** The Java handler registered in this registry under {@code name}, if any. */
    public Optional<FunctionHandler> handler(String name) {
        synchronized (lock) {
            return Optional.ofNullable(handlers.get(name));
        }
    }

    /** The values of the function's secrets, by name; empty when it has none or does not exist. */
    public Map<String, String> secretValues(String name) {
        synchronized (lock) {
            return Map.copyOf(secrets.getOrDefault(name, Map.of()));
        }
    }

    private static boolean holds(Map<String, String> stored, Secrets change) {
        return change.removed().stream().noneMatch(stored::containsKey)
                && change.values().entrySet().stream().allMatch(e -> e.getValue().equals(stored.get(e.getKey())));
    }

    private static FunctionSpec withNames(FunctionSpec spec, java.util.Set<String> names) {
        try {
            return spec.withSecretNames(names);
        } catch (IllegalArgumentException e) {
            throw new InvalidFunctionException(spec.name(), e.getMessage());
        }
    }

    private List<String> namesOn(String topic) {
        return functionsFor(topic).stream().map(FunctionVersion::name).toList();
    }

    private FunctionVersion store(FunctionSpec spec, Secrets change, String source, String sourceHash) {
        Map<String, String> values = new TreeMap<>(secrets.getOrDefault(spec.name(), Map.of()));
        change.applyTo(values.keySet());
        change.removed().forEach(values::remove);
        values.putAll(change.values());
        FunctionSpec named = withNames(spec, values.keySet());
        List<FunctionVersion> all = functions.computeIfAbsent(spec.name(), name -> new ArrayList<>());
        FunctionVersion version = new FunctionVersion(named, all.size() + 1, source, sourceHash, clock.instant());
        all.add(version);
        secrets.put(spec.name(), values);
        return version;
    }

    private FunctionVersion latest(String name) {
        List<FunctionVersion> all = functions.get(name);
        return all == null ? null : all.get(all.size() - 1);
    }

    private FunctionVersion existing(String name) {
        FunctionVersion current = latest(name);
        if (current == null) {
            throw new FunctionNotFoundException(name);
        }
        return current;
    }

    private void requireTopics(FunctionSpec spec) {
        for (String topic : spec.topics()) {
            if (topics.get(topic).isEmpty()) {
                throw new TopicNotFoundException(topic);
            }
        }
    }

    private static void requireRuntime(FunctionSpec spec, FunctionRuntime runtime, String otherwise) {
        Objects.requireNonNull(spec, "spec");
        if (spec.runtime() != runtime) {
            throw new InvalidFunctionException(spec.name(), "it is a " + spec.runtime() + " spec; " + otherwise);
        }
    }

    private void checkSource(FunctionSpec spec, String source) {
        if (source == null || source.isBlank()) {
            throw new InvalidFunctionException(spec.name(), "the source code is empty");
        }
        if (validator != null) {
            List<Diagnostic> diagnostics = validator.validateFunction(spec.name() + ".py", source, spec.handler());
            if (diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
                throw new InvalidFunctionException(spec.name(), diagnostics);
            }
        }
    }

    private static String hash(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
