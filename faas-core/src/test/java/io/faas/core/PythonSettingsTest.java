package io.faas.core;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PythonSettingsTest {

    @Test
    void defaults() {
        PythonSettings s = PythonSettings.defaults();
        assertThat(s.workers().interpreter()).isEqualTo("python3");
        assertThat(s.poolSize()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(s.workers().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.minIdle()).isZero();
        assertThat(s.maxCallsPerWorker()).isEqualTo(10_000);
        assertThat(s.workers().memoryLimitMb()).isEqualTo(1024);
        assertThat(s.workers().logLimitBytes()).isEqualTo(65_536);
        assertThat(s.workDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(s.workers().startTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.workers().maxModulesPerWorker()).isEqualTo(64);
        assertThat(s.workers().sandbox()).isEqualTo(PythonSettings.Sandbox.AUTO);
        assertThat(s.bubblewrapPath()).isEqualTo("bwrap");
        assertThat(s.workers().sandboxUser()).isEqualTo("nobody");
        assertThat(s.workers().tmpSizeMb()).isEqualTo(64);
        assertThat(s.allowNetwork()).isTrue();
        assertThat(s.maxMemoryLimitMb()).isEqualTo(1024);
        assertThat(s.workers().maxFileSizeMb()).isEqualTo(64);
        assertThat(s.workers().maxProcesses()).isEqualTo(64);
        assertThat(s.workers().maxOpenFiles()).isEqualTo(256);
        assertThat(s.cpuTimePerCall()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aSpecMayNotAskForMoreThanTheOperatorAllows() {
        PythonSettings s = PythonSettings.builder().applyToWorkerSettings(w -> w.memoryLimitMb(256)).maxMemoryLimitMb(512).allowNetwork(false)
                .build();

        assertThat(s.memoryLimitMb(io.faas.api.FunctionSpec.python("f"))).isEqualTo(256);
        assertThat(s.memoryLimitMb(io.faas.api.FunctionSpec.builder("f").memoryLimitMb(512).build())).isEqualTo(512);
        assertThatThrownBy(() -> s.requireWithinLimits(io.faas.api.FunctionSpec.builder("f").memoryLimitMb(513)
                .build())).isInstanceOf(io.faas.api.InvalidFunctionException.class)
                .hasMessage("function 'f' is invalid: memoryLimitMb 513 is above the most this server allows "
                        + "(512 MiB); ask for 512 or less, or 0 for the default");
        assertThatThrownBy(() -> s.requireWithinLimits(io.faas.api.FunctionSpec.builder("f").network(true).build()))
                .isInstanceOf(io.faas.api.InvalidFunctionException.class)
                .hasMessageContaining("network access is not allowed");
        assertThat(PythonSettings.builder().applyToWorkerSettings(w -> w.memoryLimitMb(0)).build().memoryLimitMb(io.faas.api.FunctionSpec.python("f")))
                .as("no default limit still means the cap").isEqualTo(1024);
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.memoryLimitMb(2048)).build())
                .hasMessage("python worker memoryLimitMb must be at most maxMemoryLimitMb (1024): 2048");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.sandboxUser("root")).build())
                .hasMessage("python worker sandboxUser must not be root: root");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.sandboxUser("0:0")).build())
                .hasMessage("python worker sandboxUser must not be root: 0:0");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.sandboxUser("x; rm -rf /")).build())
                .hasMessageContaining("python worker sandboxUser must be a user name or UID[:GID]");
        assertThatThrownBy(() -> PythonSettings.builder().bubblewrapPath("bwrap --bind / /").build())
                .hasMessageContaining("python bubblewrapPath must be");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.tmpSizeMb(0)).build())
                .hasMessage("python worker tmpSizeMb must be at least 1: 0");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.maxProcesses(2)).build())
                .hasMessage("python worker maxProcesses must be 0 (no limit) or at least 4: 2");
        assertThatThrownBy(() -> PythonSettings.builder().cpuTimePerCall(Duration.ofMillis(10)).build())
                .hasMessage("python cpuTimePerCall must be zero (no limit) or at least 1 s: PT0.01S");
    }

    @Test
    void builderFromExistingCopiesEverythingAndLeavesTheOriginal() {
        PythonSettings original = PythonSettings.builder().applyToWorkerSettings(w -> w.interpreter("/usr/bin/python3")).poolSize(3)
                .applyToWorkerSettings(w -> w.idleTimeout(Duration.ofSeconds(7))).minIdle(1).maxCallsPerWorker(5).applyToWorkerSettings(w -> w.memoryLimitMb(0))
                .applyToWorkerSettings(w -> w.logLimitBytes(10)).workDir(Path.of("/var/tmp")).applyToWorkerSettings(w -> w.startTimeout(Duration.ofSeconds(2)))
                .applyToWorkerSettings(w -> w.maxModulesPerWorker(4)).build();

        PythonSettings copy = PythonSettings.builder(original).build();
        PythonSettings changed = PythonSettings.builder(original).poolSize(8).build();

        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(copy.toString()).isEqualTo(original.toString()).contains("poolSize=3", "minIdle=1");
        assertThat(changed.poolSize()).isEqualTo(8);
        assertThat(changed.minIdle()).isEqualTo(1);
        assertThat(original.poolSize()).isEqualTo(3);
    }

    @Test
    void rejectsValuesOutOfRangeNamingTheSetting() {
        assertThatThrownBy(() -> PythonSettings.builder().poolSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("python poolSize must be at least 1: 0");
        assertThatThrownBy(() -> PythonSettings.builder().minIdle(-1).build())
                .hasMessage("python minIdle must be at least 0: -1");
        assertThatThrownBy(() -> PythonSettings.builder().poolSize(2).minIdle(3).build())
                .hasMessage("python minIdle must be at most poolSize (2): 3");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.idleTimeout(Duration.ZERO)).build())
                .hasMessage("python worker idleTimeout must be positive: PT0S");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.startTimeout(Duration.ofSeconds(-1))).build())
                .hasMessage("python worker startTimeout must be positive: PT-1S");
        assertThatThrownBy(() -> PythonSettings.builder().maxCallsPerWorker(0).build())
                .hasMessage("python maxCallsPerWorker must be at least 1: 0");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.memoryLimitMb(-5)).build())
                .hasMessage("python worker memoryLimitMb must be at least 0: -5");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.logLimitBytes(-1)).build())
                .hasMessage("python worker logLimitBytes must be at least 0: -1");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.maxModulesPerWorker(0)).build())
                .hasMessage("python worker maxModulesPerWorker must be at least 1: 0");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.interpreter(" ")).build())
                .hasMessage("python worker interpreter must not be blank");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.interpreter(null)).build())
                .isInstanceOf(NullPointerException.class).hasMessage("python worker interpreter");
        assertThatThrownBy(() -> PythonSettings.builder().workDir(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("python workDir");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.idleTimeout(null)).build())
                .isInstanceOf(NullPointerException.class).hasMessage("python worker idleTimeout");
    }
}
