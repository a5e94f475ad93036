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
        PythonSettings.Builder builder = pythonSettings(properties.getPython());
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** The builder as the properties say; every unset property keeps faas-core's default. */
    static PythonSettings.Builder pythonSettings(FaasProperties.Python p) {
        PythonSettings.Builder b = PythonSettings.builder()
                .interpreter(p.getInterpreter())
                .idleTimeout(p.getIdleTimeout())
                .minIdle(p.getMinIdle())
                .maxCallsPerWorker(p.getMaxCallsPerWorker())
                .memoryLimitMb(megabytes(p))
                .logLimitBytes(logBytes(p))
                .startTimeout(p.getStartTimeout())
                .maxModulesPerWorker(p.getMaxModulesPerWorker());
        if (p.getPoolSize() != null) {
            b.poolSize(p.getPoolSize());
        }
        if (p.getWorkDir() != null) {
            b.workDir(p.getWorkDir());
        }
        p.applySandbox(b);
        return b;
    }


    private static int megabytes(FaasProperties.Python p) {
        return (int) Math.min(Integer.MAX_VALUE, p.getMemoryLimit().toMegabytes());
    }

    private static int logBytes(FaasProperties.Python p) {
        return (int) Math.min(Integer.MAX_VALUE, p.getLogLimit().toBytes());
    }
}
