package io.faas.spring.boot.autoconfigure;

import io.faas.core.PythonSettings;

/**
 * Adjusts the {@link PythonSettings} built from the {@code faas.python.*} properties, before the
 * Python executors are created. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order} order.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface PythonSettingsCustomizer {

    /** Changes the builder in place; called once, on the thread that creates the executors. */
    void customize(PythonSettings.Builder builder);
}
