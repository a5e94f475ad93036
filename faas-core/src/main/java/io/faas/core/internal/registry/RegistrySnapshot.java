package io.faas.core.internal.registry;

import io.faas.api.EventFilter;
import io.faas.api.FunctionVersion;
import io.faas.api.Subscription;
import io.faas.api.Topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable copy of the registry: topics and the current version of every function, indexed
 * by topic with the function's content filter for it, and each function's secrets, still sealed.
 * Dispatchers and publishers read it on the hot path instead of querying MongoDB.
 */
public final class RegistrySnapshot {

    /**
     * A function on one topic, with its compiled content filter for that topic ({@code null}: every event).
     */
    public record Subscriber(FunctionVersion function, EventFilter filter) {

        /**
         * Whether the event starts the function.
         *
         * @param payload the decoded payload, {@code null} when it is not JSON (see {@link EventFilter#matches})
         */
        public boolean accepts(Object payload, String key, Map<String, String> headers) {
            return filter == null || filter.matches(payload, key, headers);
        }
    }

    public static final RegistrySnapshot EMPTY = new RegistrySnapshot(List.of(), List.of());

    private final Map<String, Topic> topics;
    private final Map<String, FunctionVersion> functions;
    private final Map<String, List<FunctionVersion>> byTopic;
    private final Map<String, List<Subscriber>> subscribers;
    private final Map<String, Map<String, byte[]>> sealedSecrets;

    public RegistrySnapshot(Collection<Topic> topics, Collection<FunctionVersion> functions) {
        this(topics, functions, Map.of());
    }

    /**
     * @param sealedSecrets function name → secret name → sealed value (see
     *                      {@link io.faas.core.internal.secrets.SecretsCipher})
     */
    public RegistrySnapshot(Collection<Topic> topics, Collection<FunctionVersion> functions,
                            Map<String, Map<String, byte[]>> sealedSecrets) {
        Map<String, Topic> t = new TreeMap<>();
        topics.forEach(topic -> t.put(topic.name(), topic));
        Map<String, FunctionVersion> f = new TreeMap<>();
        Map<String, List<FunctionVersion>> b = new TreeMap<>();
        Map<String, List<Subscriber>> s = new TreeMap<>();
        for (FunctionVersion fv : functions) {
            f.put(fv.name(), fv);
            for (Subscription subscription : fv.spec().subscriptions()) {
                b.computeIfAbsent(subscription.topic(), k -> new ArrayList<>()).add(fv);
                s.computeIfAbsent(subscription.topic(), k -> new ArrayList<>())
                        .add(new Subscriber(fv, subscription.filter()));
            }
        }
        b.replaceAll((k, v) -> List.copyOf(v));
        s.replaceAll((k, v) -> List.copyOf(v));
        this.topics = Map.copyOf(t);
        this.functions = Map.copyOf(f);
        this.byTopic = Map.copyOf(b);
        this.subscribers = Map.copyOf(s);
        Map<String, Map<String, byte[]>> sealed = new TreeMap<>();
        sealedSecrets.forEach((function, values) -> sealed.put(function, Map.copyOf(values)));
        this.sealedSecrets = Map.copyOf(sealed);
    }

    /** The sealed secrets of the function, by name; empty if it has none. */
    public Map<String, byte[]> sealedSecrets(String function) {
        return sealedSecrets.getOrDefault(function, Map.of());
    }

    public Optional<Topic> topic(String name) {
        return Optional.ofNullable(topics.get(name));
    }

    /** Names of every registered topic. */
    public java.util.Set<String> topicNames() {
        return topics.keySet();
    }

    public Optional<FunctionVersion> function(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    /** Current versions of the functions mapped to the topic (empty if none). */
    public List<FunctionVersion> functionsFor(String topic) {
        return byTopic.getOrDefault(topic, List.of());
    }

    /** The functions mapped to the topic, each with its filter for it, in the order of {@link #functionsFor}. */
    public List<Subscriber> subscribers(String topic) {
        return subscribers.getOrDefault(topic, List.of());
    }

    /** Whether any function mapped to the topic has a content filter for it: its events are decoded to be matched. */
    public boolean hasFilters(String topic) {
        for (Subscriber s : subscribers(topic)) {
            if (s.filter() != null) {
                return true;
            }
        }
        return false;
    }

    public int functionCount() {
        return functions.size();
    }
}
