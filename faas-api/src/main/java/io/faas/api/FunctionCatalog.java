package io.faas.api;

import java.util.List;
import java.util.Optional;

/**
 * Read side of the function registry.
 *
 * <p>Implementations are thread-safe. Look-ups read the backing store; a dispatcher keeps its
 * own in-memory copy and does not call these per event.
 *
 * @since 0.1
 */
public interface FunctionCatalog {

    /** Current (latest) version of the named function. */
    Optional<FunctionVersion> get(String name);

    /** A given version of the named function. */
    Optional<FunctionVersion> get(String name, int version);

    /** Current version of every function, by name. */
    List<FunctionVersion> list();

    /**
     * Every stored version of the named function, oldest first.
     *
     * @throws FunctionNotFoundException if there is no such function
     */
    List<FunctionVersion> versions(String name);

    /** Current version of every function mapped to the topic, by name. */
    List<FunctionVersion> functionsFor(String topic);

    /**
     * Names of stored functions whose current version no longer reads back as a
     * {@link FunctionVersion} (written by an older version, or edited by hand): they are left out
     * of every other look-up, run nowhere, and are fixed by an update or removed by a delete.
     *
     * @since 0.2
     */
    default List<String> invalid() {
        return List.of();
    }

    /**
     * The {@link FunctionPackage package} of a version of the named function, as stored (its files
     * in name order); empty for a single-file or Java function, or one that does not exist.
     *
     * @since 0.3
     */
    default Optional<FunctionPackage> functionPackage(String name, int version) {
        return Optional.empty();
    }
}
