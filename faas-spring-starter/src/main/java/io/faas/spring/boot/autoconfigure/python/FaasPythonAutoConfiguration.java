package io.faas.spring.boot.autoconfigure.python;

import io.faas.core.PythonSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FaasProperties;
import io.faas.spring.boot.autoconfigure.PythonSettingsCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the local Python executors' {@link PythonSettings} from
 * {@code faas.python.*} and {@link PythonSettingsCustomizer} beans. The client builds the
 * executors from them: the warm worker pool ({@code local}, the default for Python functions) and
 * a process per event ({@code process}).
 *
 * @since 0.1
 */
@AutoConfiguration(before = FaasAutoConfiguration.class)
@ConditionalOnClass(PythonSettings.class)
@EnableConfigurationProperties(FaasProperties.class)
public class FaasPythonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonSettings faasPythonSettings(FaasProperties properties, ObjectProvider<PythonSettingsCustomizer> customizers) {
        PythonSettings.Builder builder = properties.getPython().toSettingsBuilder();
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }
}
