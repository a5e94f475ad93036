package io.faas.core.internal.registry;

/** Told after every successful registry write, so caches here and on other instances reload. */
@FunctionalInterface
public interface RegistryChanges {
    void changed(String what);
}
