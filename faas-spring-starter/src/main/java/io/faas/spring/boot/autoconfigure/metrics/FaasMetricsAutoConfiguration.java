package io.faas.spring.boot.autoconfigure.metrics;

import io.faas.core.FaasClient;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link FaasMetrics} when Micrometer is on the classpath. Spring Boot binds
 * it to the application's {@link MeterRegistry}.
 *
 * @since 0.1
 */
@AutoConfiguration(after = FaasAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, FaasClient.class})
@ConditionalOnBean(FaasClient.class)
public class FaasMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FaasMetrics faasMetrics(FaasClient client) {
        return new FaasMetrics(client);
    }
}
