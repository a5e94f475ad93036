package io.faas.core.internal.dispatch;

import io.faas.core.internal.registry.RegistrySnapshot;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionVersion;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.internal.secrets.SecretSource;
import io.faas.core.internal.secrets.SecretsExecutor;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resource manager: chooses where each invocation runs. In order: the executor the function's
 * spec names; else the executor bound to the event's topic (a topic tier, such as
 * {@code premium → ssh:fast}), if it can run the function's runtime; else the default executor of
 * the runtime. Every executor it routes to is wrapped in a {@link SecretsExecutor}, so each attempt
 * gets its function's secrets and its outcome is redacted, whichever executor runs it.
 * Thread-safe (immutable).
 */
public final class ExecutorRouter {

    private final Map<String, FunctionExecutor> byName;
    private final Map<String, FunctionExecutor> routed;
    private final Map<FunctionRuntime, String> defaults;
    private final Map<String, String> topics;

    public ExecutorRouter(Collection<FunctionExecutor> executors, Map<FunctionRuntime, String> defaults) {
        this(executors, defaults, Map.of());
    }

    /**
     * @param topics topic → executor name bindings
     */
    public ExecutorRouter(Collection<FunctionExecutor> executors, Map<FunctionRuntime, String> defaults,
                          Map<String, String> topics) {
        this(executors, defaults, topics, SecretSource.NONE);
    }

    /**
     * @param topics  topic → executor name bindings
     * @param secrets the decrypted secrets of each function
     */
    public ExecutorRouter(Collection<FunctionExecutor> executors, Map<FunctionRuntime, String> defaults,
                          Map<String, String> topics, SecretSource secrets) {
        Map<String, FunctionExecutor> m = new LinkedHashMap<>();
        Map<String, FunctionExecutor> r = new LinkedHashMap<>();
        for (FunctionExecutor e : executors) {
            m.put(e.name(), e);
            r.put(e.name(), new SecretsExecutor(e, secrets));
        }
        this.byName = Map.copyOf(m);
        this.routed = Map.copyOf(r);
        this.defaults = Map.copyOf(defaults);
        this.topics = Map.copyOf(topics);
    }

    /**
     * The executor for the function's invocation for an event of {@code topic}, or empty when the
     * chosen one does not exist or cannot run it. The executor returned adds the function's
     * secrets to each request and redacts them from the outcome.
     */
    public Optional<FunctionExecutor> route(FunctionVersion function, String topic) {
        String name = nameFor(function, topic);
        FunctionExecutor executor = routed.get(name);
        if (executor == null || !executor.supports(function.spec().runtime())) {
            return Optional.empty();
        }
        return Optional.of(executor);
    }

    /** Name of the executor the function runs on for an event of {@code topic}. */
    public String nameFor(FunctionVersion function, String topic) {
        String name = function.spec().executor();
        if (name != null) {
            return name;
        }
        String bound = topic == null ? null : topics.get(topic);
        if (bound != null) {
            FunctionExecutor executor = byName.get(bound);
            if (executor != null && executor.supports(function.spec().runtime())) {
                return bound;
            }
        }
        return defaults.getOrDefault(function.spec().runtime(), "");
    }

    /**
     * Topics whose events run at least one function on the executor {@code name}, by the
     * function's choice or the topic's binding, plus the topics bound to it that have no function yet.
     */
    public java.util.Set<String> topicsRoutedTo(String name, RegistrySnapshot snapshot) {
        java.util.Set<String> out = topicsBoundTo(name);
        for (String topic : snapshot.topicNames()) {
            for (FunctionVersion function : snapshot.functionsFor(topic)) {
                if (name.equals(nameFor(function, topic))) {
                    out.add(topic);
                    break;
                }
            }
        }
        return out;
    }

    /** Topics bound to the executor {@code name}. */
    public java.util.Set<String> topicsBoundTo(String name) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        topics.forEach((topic, executor) -> {
            if (executor.equals(name)) {
                out.add(topic);
            }
        });
        return out;
    }

    public List<FunctionExecutor> executors() {
        return List.copyOf(byName.values());
    }

    public Optional<FunctionExecutor> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
