package io.faas.core.internal.registry;

import io.faas.api.Alias;
import io.faas.api.EventFilter;
import io.faas.api.FunctionVersion;
import io.faas.api.Subscription;
import io.faas.api.Topic;
import io.faas.core.internal.store.Documents;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable copy of the registry: topics and the current version of every function, indexed
 * by topic with the function's content filter and alias for it, each function's secrets, still
 * sealed, its aliases and the versions they point to.
 * Dispatchers and publishers read it on the hot path instead of querying MongoDB.
 */
public final class RegistrySnapshot {

    /**
     * A function on one topic, with its compiled content filter for that topic ({@code null}: every event).
     */
    public record Subscriber(FunctionVersion function, EventFilter filter, String alias) {

        /**
         * Whether the event starts the function.
         *
         * @param payload the decoded payload, {@code null} when it is not JSON (see {@link EventFilter#matches})
         */
        public boolean accepts(Object payload, String key, Map<String, String> headers) {
            return filter == null || filter.matches(payload, key, headers);
        }
    }

    /**
     * What one event runs for one subscriber: the version its alias points to for the event's key,
     * and the alias's shadow version, if any.
     */
    public record Target(FunctionVersion primary, FunctionVersion shadow) {
    }

    public static final RegistrySnapshot EMPTY = new RegistrySnapshot(List.of(), List.of());

    private final Map<String, Topic> topics;
    private final Map<String, FunctionVersion> functions;
    private final Map<String, List<FunctionVersion>> byTopic;
    private final Map<String, List<Subscriber>> subscribers;
    private final Map<String, Map<String, byte[]>> sealedSecrets;
    /** function → alias name → alias. */
    private final Map<String, Map<String, Alias>> aliases;
    /** The current versions and those aliases point to, by {@link Documents#versionId}. */
    private final Map<String, FunctionVersion> versions;

    public RegistrySnapshot(Collection<Topic> topics, Collection<FunctionVersion> functions) {
        this(topics, functions, Map.of());
    }

    /**
     * @param sealedSecrets function name → secret name → sealed value (see
     *                      {@link io.faas.core.internal.secrets.SecretsCipher})
     */
    public RegistrySnapshot(Collection<Topic> topics, Collection<FunctionVersion> functions,
                            Map<String, Map<String, byte[]>> sealedSecrets) {
        this(topics, functions, sealedSecrets, Map.of(), List.of());
    }

    /**
     * @param aliases  function name → its aliases
     * @param versions the versions the aliases point to (the current ones may be left out)
     */
    public RegistrySnapshot(Collection<Topic> topics, Collection<FunctionVersion> functions,
                            Map<String, Map<String, byte[]>> sealedSecrets, Map<String, List<Alias>> aliases,
                            Collection<FunctionVersion> versions) {
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
                        .add(new Subscriber(fv, subscription.filter(), subscription.alias()));
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
        Map<String, Map<String, Alias>> a = new TreeMap<>();
        aliases.forEach((function, list) -> {
            Map<String, Alias> byName = new TreeMap<>();
            list.forEach(alias -> byName.put(alias.name(), alias));
            a.put(function, Map.copyOf(byName));
        });
        this.aliases = Map.copyOf(a);
        Map<String, FunctionVersion> v = new TreeMap<>();
        versions.forEach(fv -> v.put(Documents.versionId(fv.name(), fv.version()), fv));
        f.values().forEach(fv -> v.put(Documents.versionId(fv.name(), fv.version()), fv));
        this.versions = Map.copyOf(v);
    }

    /**
     * What an event with this key (or, without a key, this event id) runs for the subscriber: the
     * version of its alias, the canary's for the canary's share of keys, and the alias's shadow.
     * A subscription whose alias is gone, or whose version is not readable, runs the current
     * version, without shadow.
     */
    public Target target(Subscriber subscriber, String keyOrId) {
        FunctionVersion current = subscriber.function();
        if (Alias.LATEST.equals(subscriber.alias())) {
            return new Target(current, null);
        }
        Alias alias = aliases.getOrDefault(current.name(), Map.of()).get(subscriber.alias());
        if (alias == null) {
            return new Target(current, null);
        }
        FunctionVersion primary = versions.get(Documents.versionId(current.name(), alias.versionFor(keyOrId)));
        FunctionVersion shadow = alias.hasShadow()
                ? versions.get(Documents.versionId(current.name(), alias.shadowVersion())) : null;
        return new Target(primary == null ? current : primary, shadow);
    }

    /** The subscriber of the function on the topic, if it subscribes to it. */
    public Optional<Subscriber> subscriber(String topic, String function) {
        return subscribers(topic).stream().filter(s -> s.function().name().equals(function)).findFirst();
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
