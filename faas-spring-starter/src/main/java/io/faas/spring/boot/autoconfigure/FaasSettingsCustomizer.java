package io.faas.spring.boot.autoconfigure;

import io.faas.core.FaasSettings;

/**
 * Adjusts the {@link FaasSettings} that the auto-configuration built from the {@code faas.*}
 * properties, before the client is created. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order} order.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface FaasSettingsCustomizer {

    /** Changes the builder in place; called once, on the thread that creates the client. */
    void customize(FaasSettings.Builder builder);
}
