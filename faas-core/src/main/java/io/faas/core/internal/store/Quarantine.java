package io.faas.core.internal.store;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Reads stored documents so that one that no longer reads back (written by an older version, or
 * edited by hand) is left out instead of failing the read of everything else: it is logged once
 * with its id, and stays stored, to be listed as invalid, fixed by an update or deleted.
 * Thread-safe.
 */
public final class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
    /** Shared by every reader in the process, so that each bad document is logged once. */
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private final String kind;

    public Quarantine(String kind) {
        this.kind = kind;
    }

    /** The document read by {@code reader}, or empty if it does not read back. */
    public <T> Optional<T> read(Document d, Function<Document, T> reader) {
        String key = kind + " " + d.get("_id");
        try {
            T value = reader.apply(d);
            LOGGED.remove(key);
            return Optional.of(value);
        } catch (RuntimeException e) {
            if (LOGGED.add(key)) {
                log.warn("stored {} document '{}' does not read back and is left out until it is updated or"
                        + " deleted: {}", kind, d.get("_id"), e.toString());
            }
            return Optional.empty();
        }
    }
}
