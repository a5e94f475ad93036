package io.faas.spring.boot.autoconfigure.remote;

import io.faas.ssh.SshPoolSettings;

/**
 * Adjusts the {@link SshPoolSettings} of each pool built from {@code faas.ssh.pools.*}, before
 * its executor is created. Every bean of this type is applied to every pool, in
 * {@link org.springframework.core.annotation.Order} order.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface SshPoolSettingsCustomizer {

    /** Changes the builder of the pool {@code name} in place; called once per pool, on the thread that creates the executors. */
    void customize(String name, SshPoolSettings.Builder builder);
}
