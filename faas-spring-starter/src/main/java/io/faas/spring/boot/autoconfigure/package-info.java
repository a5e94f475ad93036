/**
 * Spring Boot auto-configuration of faas: {@code faas.*} properties, the
 * {@link io.faas.core.FaasClient} bean, the dispatcher as a
 * {@link org.springframework.context.SmartLifecycle}, customizers and connection details.
 *
 * @since 0.1
 */
package io.faas.spring.boot.autoconfigure;
