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
        assertThat(s.interpreter()).isEqualTo("python3");
        assertThat(s.poolSize()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.minIdle()).isZero();
        assertThat(s.maxCallsPerWorker()).isEqualTo(10_000);
        assertThat(s.memoryLimitMb()).isEqualTo(1024);
        assertThat(s.logLimitBytes()).isEqualTo(65_536);
        assertThat(s.workDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxModulesPerWorker()).isEqualTo(64);
    }

    @Test
    void builderFromExistingCopiesEverythingAndLeavesTheOriginal() {
        PythonSettings original = PythonSettings.builder().interpreter("/usr/bin/python3").poolSize(3)
                .idleTimeout(Duration.ofSeconds(7)).minIdle(1).maxCallsPerWorker(5).memoryLimitMb(0)
                .logLimitBytes(10).workDir(Path.of("/var/tmp")).startTimeout(Duration.ofSeconds(2))
                .maxModulesPerWorker(4).build();

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
        assertThatThrownBy(() -> PythonSettings.builder().idleTimeout(Duration.ZERO).build())
                .hasMessage("python idleTimeout must be positive: PT0S");
        assertThatThrownBy(() -> PythonSettings.builder().startTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("python startTimeout must be positive: PT-1S");
        assertThatThrownBy(() -> PythonSettings.builder().maxCallsPerWorker(0).build())
                .hasMessage("python maxCallsPerWorker must be at least 1: 0");
        assertThatThrownBy(() -> PythonSettings.builder().memoryLimitMb(-5).build())
                .hasMessage("python memoryLimitMb must be at least 0: -5");
        assertThatThrownBy(() -> PythonSettings.builder().logLimitBytes(-1).build())
                .hasMessage("python logLimitBytes must be at least 0: -1");
        assertThatThrownBy(() -> PythonSettings.builder().maxModulesPerWorker(0).build())
                .hasMessage("python maxModulesPerWorker must be at least 1: 0");
        assertThatThrownBy(() -> PythonSettings.builder().interpreter(" ").build())
                .hasMessage("python interpreter must not be blank");
        assertThatThrownBy(() -> PythonSettings.builder().interpreter(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("python interpreter");
        assertThatThrownBy(() -> PythonSettings.builder().workDir(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("python workDir");
        assertThatThrownBy(() -> PythonSettings.builder().idleTimeout(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("python idleTimeout");
    }
}
