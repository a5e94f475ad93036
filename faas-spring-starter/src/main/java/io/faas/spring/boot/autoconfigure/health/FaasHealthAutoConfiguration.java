package io.faas.spring.boot.autoconfigure.health;

import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FaasProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * Auto-configuration of the {@code faas} health indicator, when Spring Boot's health support is
 * on the classpath (it comes with {@code spring-boot-starter-actuator}); switch it off with
 * {@code management.health.faas.enabled=false}.
 *
 * @since 0.1
 */
@AutoConfiguration(after = FaasAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, FaasClient.class})
@ConditionalOnBean(FaasClient.class)
@ConditionalOnEnabledHealthIndicator("faas")
public class FaasHealthAutoConfiguration {

    /** Longest wait for Kafka or MongoDB in one health check. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    @Bean(name = "faasHealthIndicator", destroyMethod = "close")
    @ConditionalOnMissingBean(name = "faasHealthIndicator")
    FaasHealthIndicator faasHealthIndicator(FaasClient client, FaasProperties properties,
                                            ObjectProvider<FaasSettings> settings) {
        FaasSettings s = settings.getIfAvailable();
        Duration timeout = s != null && s.requestTimeout().compareTo(CHECK_TIMEOUT) < 0 ? s.requestTimeout()
                : CHECK_TIMEOUT;
        return new FaasHealthIndicator(client, properties.getDispatcher().isAutoStartup(), timeout);
    }
}
