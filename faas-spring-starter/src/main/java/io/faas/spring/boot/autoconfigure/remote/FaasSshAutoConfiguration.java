package io.faas.spring.boot.autoconfigure.remote;

import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.ssh.SshPoolSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Auto-configuration of the SSH pools under {@code faas.ssh.pools.<name>.*} when faas-ssh is on
 * the classpath: one {@link FaasSshPools} bean holding each pool's settings (adjusted by
 * {@link SshPoolSettingsCustomizer} beans) and executor {@code ssh:<name>}, which
 * {@link FaasAutoConfiguration} hands to the client. Nothing connects before the client starts
 * the executors.
 *
 * @since 0.2
 */
@AutoConfiguration(before = FaasAutoConfiguration.class)
@ConditionalOnClass(name = "io.faas.ssh.SshExecutors")
@EnableConfigurationProperties(FaasSshProperties.class)
public class FaasSshAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FaasSshPools faasSshPools(FaasSshProperties properties, ObjectProvider<SshPoolSettingsCustomizer> customizers) {
        Map<String, SshPoolSettings> pools = new LinkedHashMap<>();
        properties.getPools().forEach((name, pool) -> {
            SshPoolSettings.Builder builder = pool.toSettingsBuilder(name);
            customizers.orderedStream().forEach(c -> c.customize(name, builder));
            pools.put(name, builder.build());
        });
        return FaasSshPools.of(pools);
    }
}
