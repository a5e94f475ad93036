package io.faas.spring.boot.autoconfigure.validation;

import io.faas.api.CodeValidator;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FakeFaas;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FaasValidationAutoConfigurationTest {

    private final FakeFaas fake = new FakeFaas();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class,
                    FaasValidationAutoConfiguration.class))
            .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost",
                    "faas.validation.block-on-warnings=true")
            .withBean(FaasClient.class, () -> fake.client);

    @Test
    void theGraalPyValidatorChecksCodeBeforeItIsStored() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CodeValidator.class);
            FaasSettings settings = context.getBean(FaasSettings.class);
            assertThat(settings.validation()).isTrue();
            assertThat(settings.blockOnWarnings()).isTrue();
        });
    }

    @Test
    void aWrongPoolSizeFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("faas.validation.pool-size=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("faas.validation.pool-size");
        });
    }

    @Test
    void withoutTheValidationArtifactTheClientsCompilerChecksTheCode() {
        runner.withClassLoader(new FilteredClassLoader("org.graalvm.polyglot", "io.faas.validation")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(CodeValidator.class);
            assertThat(context.getBean(FaasSettings.class).validation()).as("still on: CPython's compiler").isTrue();
        });
    }

    @Test
    void offWhenDisabled() {
        runner.withPropertyValues("faas.validation.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CodeValidator.class);
            assertThat(context.getBean(FaasSettings.class).validation()).isFalse();
        });
    }

    @Test
    void backsOffForTheApplicationsOwnValidator() {
        CodeValidator own = (file, source) -> List.of();
        runner.withBean(CodeValidator.class, () -> own).run(context -> {
            assertThat(context.getBean(CodeValidator.class)).isSameAs(own);
        });
    }
}
