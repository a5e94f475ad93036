package io.faas.ssh;

import io.faas.core.WorkerSettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshPoolSettingsTest {

    private SshPoolSettings.Builder valid() {
        return SshPoolSettings.builder("fast").host("10.0.0.5").host("10.0.0.6", 2222).user("faas")
                .privateKey(Path.of("/keys/id_ed25519"));
    }

    @Test
    void defaultsAreSafe() {
        SshPoolSettings s = valid().build();

        assertThat(s.executorName()).isEqualTo("ssh:fast");
        assertThat(s.strictHostKeyChecking()).isTrue();
        assertThat(s.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        assertThat(s.hosts()).extracting(SshHostSettings::id).containsExactly("10.0.0.5:22", "10.0.0.6:2222");
        assertThat(s.concurrencyPerHost()).isEqualTo(4);
        assertThat(s.remoteDir()).isEqualTo(".faas");
        assertThat(SshPoolSettings.builder(s).concurrencyPerHost(8).build().hosts()).hasSize(2);
    }

    @Test
    void failsFastWithThePreciseSetting() {
        assertThatThrownBy(() -> SshPoolSettings.builder("Fast!").build()).hasMessageContaining("ssh pool name");
        assertThatThrownBy(() -> valid().host("10.0.0.5").build()).hasMessageContaining("lists host 10.0.0.5:22 twice");
        assertThatThrownBy(() -> valid().privateKey(null).build()).hasMessageContaining("no privateKey for host");
        assertThatThrownBy(() -> valid().user("root; id").build()).hasMessageContaining("user is not a valid login");
        assertThatThrownBy(() -> valid().concurrencyPerHost(0).build())
                .hasMessage("ssh pool 'fast' concurrencyPerHost must be at least 1: 0");
        assertThatThrownBy(() -> valid().connectTimeout(Duration.ZERO).build()).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> valid().knownHosts(null).build()).hasMessageContaining("knownHosts");
        assertThat(valid().knownHosts(null).strictHostKeyChecking(false).build().strictHostKeyChecking()).isFalse();
        assertThatThrownBy(() -> SshHostSettings.of("host; id")).hasMessageContaining("ssh host");
        assertThatThrownBy(() -> SshHostSettings.of("h", 0)).hasMessageContaining("between 1 and 65535");
    }

    @Test
    void workersAreTheSharedWorkerSettingsWithALongerStartTimeout() {
        SshPoolSettings s = valid().applyToWorkerSettings(w -> w.memoryLimitMb(256)).build();

        assertThat(s.workers()).isEqualTo(WorkerSettings.builder().startTimeout(Duration.ofSeconds(15))
                .memoryLimitMb(256).build());
        assertThat(SshPoolSettings.builder(s).concurrencyPerHost(2).build().workers()).isEqualTo(s.workers());
        assertThatThrownBy(() -> valid().applyToWorkerSettings(w -> w.maxOpenFiles(8)).build())
                .hasMessage("ssh pool 'fast' worker maxOpenFiles must be 0 (no limit) or at least 16: 8");
        assertThatThrownBy(() -> valid().applyToWorkerSettings(w -> w.sandboxUser("root")).build())
                .hasMessage("ssh pool 'fast' worker sandboxUser must not be root: root");
    }

    @Test
    void theInterpreterAndRemoteDirectoryCannotCarryShellSyntax() {
        assertThatThrownBy(() -> valid().applyToWorkerSettings(w -> w.interpreter("python3; touch /tmp/x")).build())
                .hasMessageContaining("interpreter must be");
        assertThatThrownBy(() -> valid().applyToWorkerSettings(w -> w.interpreter("$(id)")).build()).hasMessageContaining("interpreter must be");
        assertThatThrownBy(() -> valid().applyToWorkerSettings(w -> w.interpreter("-c")).build()).hasMessageContaining("interpreter must be");
        assertThatThrownBy(() -> valid().remoteDir("../../etc").build()).hasMessageContaining("remoteDir");
        assertThatThrownBy(() -> valid().remoteDir("a b").build()).hasMessageContaining("remoteDir");
        assertThat(valid().applyToWorkerSettings(w -> w.interpreter("/opt/python3.12/bin/python3")).remoteDir("/srv/faas")
                .build().workers().interpreter())
                .isEqualTo("/opt/python3.12/bin/python3");
    }

    @Test
    void toStringNamesNoKeyMaterial() {
        assertThat(valid().build().toString()).doesNotContain("id_ed25519").contains("ssh:fast".substring(4));
    }
}
