package io.faas.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        WorkerSettings s = WorkerSettings.defaults();

        assertThat(s.interpreter()).isEqualTo("python3");
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.memoryLimitMb()).isEqualTo(1024);
        assertThat(s.maxModulesPerWorker()).isEqualTo(64);
        assertThat(s.logLimitBytes()).isEqualTo(65_536);
        assertThat(s.sandbox()).isEqualTo(PythonSettings.Sandbox.AUTO);
        assertThat(s.sandboxUser()).isEqualTo("nobody");
        assertThat(s.tmpSizeMb()).isEqualTo(64);
        assertThat(s.maxFileSizeMb()).isEqualTo(64);
        assertThat(s.maxProcesses()).isEqualTo(64);
        assertThat(s.maxOpenFiles()).isEqualTo(256);
        assertThat(PythonSettings.defaults().workers()).isEqualTo(s);
    }

    @Test
    void builderFromExistingCopiesEveryValueAndLeavesTheOriginal() {
        WorkerSettings original = WorkerSettings.builder().interpreter("/opt/py/bin/python3")
                .startTimeout(Duration.ofSeconds(3)).idleTimeout(Duration.ofSeconds(30)).memoryLimitMb(0)
                .maxModulesPerWorker(2).logLimitBytes(10).sandbox(PythonSettings.Sandbox.NONE).sandboxUser("1000:1000")
                .tmpSizeMb(8).maxFileSizeMb(0).maxProcesses(0).maxOpenFiles(16).build();

        WorkerSettings copy = WorkerSettings.builder(original).build();
        WorkerSettings applied = WorkerSettings.builder().applySettings(original).build();
        WorkerSettings changed = WorkerSettings.builder(original).memoryLimitMb(512).build();

        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).isEqualTo(applied);
        assertThat(copy.toString()).isEqualTo(original.toString()).contains("interpreter=/opt/py/bin/python3",
                "sandbox=NONE", "maxOpenFiles=16");
        assertThat(changed.memoryLimitMb()).isEqualTo(512);
        assertThat(changed.sandboxUser()).isEqualTo("1000:1000");
        assertThat(original.memoryLimitMb()).isZero();
        assertThat(changed).isNotEqualTo(original);
    }

    @Test
    void everyCheckNamesTheSetting() {
        rejects(b -> b.interpreter(" "), "worker interpreter must not be blank");
        rejects(b -> b.startTimeout(Duration.ZERO), "worker startTimeout must be positive: PT0S");
        rejects(b -> b.idleTimeout(Duration.ofSeconds(-1)), "worker idleTimeout must be positive: PT-1S");
        rejects(b -> b.memoryLimitMb(-1), "worker memoryLimitMb must be at least 0: -1");
        rejects(b -> b.maxModulesPerWorker(0), "worker maxModulesPerWorker must be at least 1: 0");
        rejects(b -> b.logLimitBytes(-1), "worker logLimitBytes must be at least 0: -1");
        rejects(b -> b.sandboxUser("x; id"), "worker sandboxUser must be a user name or UID[:GID]: x; id");
        rejects(b -> b.sandboxUser("root"), "worker sandboxUser must not be root: root");
        rejects(b -> b.sandboxUser("0"), "worker sandboxUser must not be root: 0");
        rejects(b -> b.tmpSizeMb(0), "worker tmpSizeMb must be at least 1: 0");
        rejects(b -> b.maxFileSizeMb(-1), "worker maxFileSizeMb must be at least 0: -1");
        rejects(b -> b.maxProcesses(-1), "worker maxProcesses must be at least 0: -1");
        rejects(b -> b.maxProcesses(3), "worker maxProcesses must be 0 (no limit) or at least 4: 3");
        rejects(b -> b.maxOpenFiles(-1), "worker maxOpenFiles must be at least 0: -1");
        rejects(b -> b.maxOpenFiles(15), "worker maxOpenFiles must be 0 (no limit) or at least 16: 15");
        missing(b -> b.interpreter(null), "worker interpreter");
        missing(b -> b.startTimeout(null), "worker startTimeout");
        missing(b -> b.idleTimeout(null), "worker idleTimeout");
        missing(b -> b.sandbox(null), "worker sandbox");
        missing(b -> b.sandboxUser(null), "worker sandboxUser");
        assertThat(WorkerSettings.builder().maxProcesses(0).maxOpenFiles(0).maxFileSizeMb(0).memoryLimitMb(0).build())
                .as("0 means no limit").isNotNull();
    }

    @Test
    void aPoolNamesItselfInFrontOfTheSetting() {
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.tmpSizeMb(0)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("python worker tmpSizeMb must be at least 1: 0");
        assertThatThrownBy(() -> PythonSettings.builder().applyToWorkerSettings(w -> w.sandbox(null)).build())
                .isInstanceOf(NullPointerException.class).hasMessage("python worker sandbox");
    }

    @Test
    void theNestedBuilderAndTheDeprecatedFlatSettersSetTheSameValue() {
        @SuppressWarnings("deprecation")
        PythonSettings flat = PythonSettings.builder().applyToWorkerSettings(w -> w.memoryLimitMb(512)).applyToWorkerSettings(w -> w.sandboxUser("1000")).build();
        PythonSettings nested = PythonSettings.builder()
                .applyToWorkerSettings(w -> w.memoryLimitMb(512).sandboxUser("1000")).build();

        assertThat(nested).isEqualTo(flat);
        assertThat(nested.workers().memoryLimitMb()).isEqualTo(512);
        assertThat(PythonSettings.builder(nested).poolSize(3).build().workers()).isEqualTo(nested.workers());
    }

    private static void rejects(UnaryOperator<WorkerSettings.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(WorkerSettings.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static void missing(UnaryOperator<WorkerSettings.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(WorkerSettings.builder()).build())
                .isInstanceOf(NullPointerException.class).hasMessage(message);
    }
}
