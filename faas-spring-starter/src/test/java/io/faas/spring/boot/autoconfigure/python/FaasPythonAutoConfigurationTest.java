package io.faas.spring.boot.autoconfigure.python;

import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.core.PythonSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FakeFaas;
import io.faas.spring.boot.autoconfigure.PythonSettingsCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FaasPythonAutoConfigurationTest {

    private final FakeFaas fake = new FakeFaas();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasPythonAutoConfiguration.class))
            .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost")
            .withBean(FaasClient.class, () -> fake.client);

    @Test
    void theSettingsAreHandedToTheClientWithCoreDefaults() {
        runner.run(context -> {
            PythonSettings python = context.getBean(PythonSettings.class);
            assertThat(python).isEqualTo(PythonSettings.defaults()).usingRecursiveComparison()
                    .isEqualTo(PythonSettings.defaults());
            assertThat(context.getBean(FaasSettings.class).python()).isSameAs(python);
        });
    }

    @Test
    void propertiesBindIntoThePythonSettings() {
        runner.withPropertyValues("faas.python.interpreter=/usr/bin/python3", "faas.python.pool-size=3",
                        "faas.python.idle-timeout=1m", "faas.python.min-idle=1", "faas.python.max-calls-per-worker=50",
                        "faas.python.memory-limit=256MB", "faas.python.log-limit=4KB", "faas.python.work-dir=/tmp/w",
                        "faas.python.start-timeout=20s", "faas.python.max-modules-per-worker=8")
                .withBean(PythonSettingsCustomizer.class, () -> b -> b.applyToWorkerSettings(w -> w.maxModulesPerWorker(9)))
                .run(context -> {
                    PythonSettings s = context.getBean(PythonSettings.class);
                    assertThat(s.workers().interpreter()).isEqualTo("/usr/bin/python3");
                    assertThat(s.poolSize()).isEqualTo(3);
                    assertThat(s.workers().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(s.minIdle()).isEqualTo(1);
                    assertThat(s.maxCallsPerWorker()).isEqualTo(50);
                    assertThat(s.workers().memoryLimitMb()).isEqualTo(256);
                    assertThat(s.workers().logLimitBytes()).isEqualTo(4096);
                    assertThat(s.workDir()).isEqualTo(Path.of("/tmp/w"));
                    assertThat(s.workers().startTimeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(s.workers().maxModulesPerWorker()).as("the customizer has the last word").isEqualTo(9);
                });
    }

    @Test
    void theSandboxAndTheOperatorsLimitsBindWhenSetAndKeepTheCoreDefaultsOtherwise() {
        runner.withPropertyValues("faas.python.sandbox=bubblewrap", "faas.python.bubblewrap-path=/opt/bin/bwrap",
                        "faas.python.sandbox-user=4242:4343", "faas.python.tmp-size=16MB",
                        "faas.python.allow-network=false", "faas.python.max-memory-limit=2048MB",
                        "faas.python.max-file-size=8MB", "faas.python.max-processes=32",
                        "faas.python.max-open-files=128", "faas.python.cpu-time-per-call=30s")
                .run(context -> {
                    PythonSettings s = context.getBean(PythonSettings.class);
                    assertThat(s.workers().sandbox()).isEqualTo(PythonSettings.Sandbox.BUBBLEWRAP);
                    assertThat(s.bubblewrapPath()).isEqualTo("/opt/bin/bwrap");
                    assertThat(s.workers().sandboxUser()).isEqualTo("4242:4343");
                    assertThat(s.workers().tmpSizeMb()).isEqualTo(16);
                    assertThat(s.allowNetwork()).isFalse();
                    assertThat(s.maxMemoryLimitMb()).isEqualTo(2048);
                    assertThat(s.workers().maxFileSizeMb()).isEqualTo(8);
                    assertThat(s.workers().maxProcesses()).isEqualTo(32);
                    assertThat(s.workers().maxOpenFiles()).isEqualTo(128);
                    assertThat(s.cpuTimePerCall()).isEqualTo(Duration.ofSeconds(30));
                });
        runner.withPropertyValues("faas.python.sandbox=none").run(context -> {
            PythonSettings s = context.getBean(PythonSettings.class);
            assertThat(s.workers().sandbox()).isEqualTo(PythonSettings.Sandbox.NONE);
            assertThat(PythonSettings.builder(s).applyToWorkerSettings(w -> w.sandbox(PythonSettings.Sandbox.AUTO)).build())
                    .as("nothing else changed").isEqualTo(PythonSettings.defaults());
        });
    }

    @Test
    void aMemoryLimitAboveTheCapOrARootSandboxUserFailsTheStart() {
        runner.withPropertyValues("faas.python.max-memory-limit=512MB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maxMemoryLimitMb");
        });
        runner.withPropertyValues("faas.python.sandbox-user=root").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("faas.python.sandbox-user");
        });
    }

    @Test
    void aWrongValueFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("faas.python.pool-size=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("faas.python.pool-size");
        });
        runner.withPropertyValues("faas.python.memory-limit=512KB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("faas.python.memory-limit: must be a whole number of megabytes");
        });
    }

    @Test
    void aLimitCheckedAgainstAnotherIsCheckedAgainstItsValueWhateverTheOrder() {
        runner.withPropertyValues("faas.python.memory-limit=2048MB", "faas.python.max-memory-limit=4096MB",
                        "faas.python.pool-size=4", "faas.python.min-idle=4")
                .run(context -> {
                    PythonSettings s = context.getBean(PythonSettings.class);
                    assertThat(s.workers().memoryLimitMb()).isEqualTo(2048);
                    assertThat(s.maxMemoryLimitMb()).isEqualTo(4096);
                    assertThat(s.minIdle()).isEqualTo(4);
                });
        runner.withPropertyValues("faas.python.max-memory-limit=512MB", "faas.python.memory-limit=256MB")
                .run(context -> assertThat(context.getBean(PythonSettings.class).workers().memoryLimitMb()).isEqualTo(256));
        runner.withPropertyValues("faas.python.pool-size=2", "faas.python.min-idle=3").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("faas.python.min-idle: python minIdle must be at most poolSize (2): 3");
        });
    }

    @Test
    void backsOffForTheApplicationsOwnSettings() {
        PythonSettings own = PythonSettings.builder().poolSize(1).build();
        runner.withBean(PythonSettings.class, () -> own).run(context ->
                assertThat(context.getBean(FaasSettings.class).python()).isSameAs(own));
    }
}
