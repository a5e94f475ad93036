package io.faas.spring.boot.autoconfigure.validation;

import io.faas.api.CodeValidator;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FaasProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the GraalPy code validator (pyflakes' checks) that checks Python functions
 * before they are stored, when the {@code faas-validation} artifact is on the classpath and
 * {@code faas.validation.enabled} is not false. It warms up in the background once the
 * application is ready (or on first use, if that comes first). Without it, the client checks
 * syntax and the handler with the configured CPython's compiler.
 *
 * @since 0.1
 */
@AutoConfiguration(before = FaasAutoConfiguration.class)
@ConditionalOnClass(name = {"io.faas.validation.Validators", "org.graalvm.polyglot.Context"})
@ConditionalOnBooleanProperty(name = "faas.validation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FaasProperties.class)
public class FaasValidationAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CodeValidator.class)
    CodeValidator faasCodeValidator(FaasProperties properties) {
        return new WarmingValidator(Validators.graalPy(ValidatorSettings.builder()
                .maxSourceBytes(properties.getMaxSourceSize().toBytes())
                .poolSize(properties.getValidation().getPoolSize())
                .build()));
    }
}
