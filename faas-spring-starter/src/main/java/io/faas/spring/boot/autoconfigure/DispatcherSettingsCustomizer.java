package io.faas.spring.boot.autoconfigure;

import io.faas.core.DispatcherSettings;

/**
 * Adjusts the {@link DispatcherSettings} built from the {@code faas.dispatcher.*} properties.
 * Every bean of this type is applied, in {@link org.springframework.core.annotation.Order} order,
 * before any {@link FaasSettingsCustomizer}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DispatcherSettingsCustomizer {

    /** Changes the builder in place; called once, on the thread that creates the client. */
    void customize(DispatcherSettings.Builder builder);
}
