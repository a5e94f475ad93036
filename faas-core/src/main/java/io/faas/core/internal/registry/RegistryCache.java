package io.faas.core.internal.registry;

import com.mongodb.client.model.Filters;
import io.faas.api.Alias;
import io.faas.api.FunctionVersion;
import io.faas.api.Topic;
import io.faas.core.internal.store.Documents;
import io.faas.core.internal.store.MongoStore;
import io.faas.core.internal.store.Quarantine;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Holds the current {@link RegistrySnapshot} and reloads it from MongoDB when told that the
 * registry changed (by this process's registry writes or by the change signal of another
 * instance). Thread-safe: readers never block.
 */
public final class RegistryCache {

    private static final Logger log = LoggerFactory.getLogger(RegistryCache.class);

    private final MongoStore store;
    private final List<Consumer<RegistrySnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile RegistrySnapshot current = RegistrySnapshot.EMPTY;
    // a stored document that does not read back is left out, so that it never stops the rest
    private final Quarantine topicQuarantine = new Quarantine("topic");
    private final Quarantine functionQuarantine = new Quarantine("function");
    private final Quarantine aliasQuarantine = new Quarantine("alias");
    private final Quarantine versionQuarantine = new Quarantine("function version");

    public RegistryCache(MongoStore store) {
        this.store = store;
    }

    public RegistrySnapshot current() {
        return current;
    }

    /** Registers a listener called (on the reloading thread) after every reload. */
    public void addListener(Consumer<RegistrySnapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<RegistrySnapshot> listener) {
        listeners.remove(listener);
    }

    /**
     * Reads the whole registry (topics, functions, aliases and the versions they point to) and
     * publishes it as the current snapshot. Serialized, so a reload
     * that starts after a write always sees that write.
     */
    public synchronized RegistrySnapshot reload() {
        List<Topic> topics = new ArrayList<>();
        for (Document d : store.topics().find(MongoTopicRegistry.ready())) {
            topicQuarantine.read(d, Documents::toTopic).ifPresent(topics::add);
        }
        List<FunctionVersion> functions = new ArrayList<>();
        java.util.Map<String, java.util.Map<String, byte[]>> secrets = new java.util.HashMap<>();
        for (Document d : store.functions().find()) {
            functionQuarantine.read(d, Documents::toFunctionVersion).ifPresent(fv -> {
                functions.add(fv);
                java.util.Map<String, byte[]> sealed = Documents.sealedSecrets(d);
                if (!sealed.isEmpty()) {
                    secrets.put(fv.name(), sealed);
                }
            });
        }
        java.util.Map<String, List<Alias>> aliases = new java.util.HashMap<>();
        java.util.Set<String> pointedTo = new java.util.HashSet<>();
        java.util.Set<String> currentIds = new java.util.HashSet<>();
        functions.forEach(fv -> currentIds.add(Documents.versionId(fv.name(), fv.version())));
        for (Document d : store.aliases().find()) {
            String function = d.getString("function");
            aliasQuarantine.read(d, Documents::toAlias).ifPresent(alias -> {
                aliases.computeIfAbsent(function, k -> new ArrayList<>()).add(alias);
                for (int version : alias.versions()) {
                    String id = Documents.versionId(function, version);
                    if (!currentIds.contains(id)) {
                        pointedTo.add(id);
                    }
                }
            });
        }
        List<FunctionVersion> versions = new ArrayList<>();
        if (!pointedTo.isEmpty()) {
            for (Document d : store.functionVersions().find(Filters.in("_id", pointedTo))) {
                versionQuarantine.read(d, Documents::toFunctionVersion).ifPresent(versions::add);
            }
        }
        RegistrySnapshot snapshot = new RegistrySnapshot(topics, functions, secrets, aliases, versions);
        current = snapshot;
        for (Consumer<RegistrySnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                log.warn("registry listener failed", e);
            }
        }
        return snapshot;
    }
}
