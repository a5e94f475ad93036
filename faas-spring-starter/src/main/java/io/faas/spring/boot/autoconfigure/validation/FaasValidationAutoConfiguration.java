package io.faas.spring.boot.autoconfigure.validation;

import io.faas.api.CodeValidator;
import io.faas.core.FaasSettings;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FaasProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the GraalPy code validator (pyflakes' checks) that checks Python functions
 * before they are stored, when the {@code faas-validation} artifact is on the classpath and
 * {@code faas.validation.enabled} is not false. It warms up in the background once the
 * application is ready (or on first use, if that comes first). Without it, the client checks
 * syntax and the handler with the configured CPython's compiler. The validator takes its source
 * limit from the {@link FaasSettings} and its pool size from {@code faas.validation.pool-size}
 * (faas-validation's default when unset).
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
    CodeValidator faasCodeValidator(FaasProperties properties, FaasSettings settings) {
        ValidatorSettings.Builder builder = ValidatorSettings.builder().maxSourceBytes(settings.maxSourceBytes());
        PropertyMapper.get().from(properties.getValidation()::getPoolSize).to(poolSize -> {
            try {
                builder.poolSize(poolSize);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException("faas.validation.pool-size", poolSize,
                        e.getMessage());
            }
        });
        return new WarmingValidator(Validators.graalPy(builder.build()));
    }
}
