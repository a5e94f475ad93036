package io.faas.ec2;

import io.faas.api.spi.FunctionExecutor;
import io.faas.core.FaasClients;
import io.faas.core.FaasSettings;
import io.faas.ssh.SshExecutors;
import io.faas.ssh.SshPoolSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ec2FleetSettingsTest {

    private static final SshPoolSettings SSH = SshPoolSettings.builder("x").user("ec2-user")
            .privateKey(Path.of("/keys/fleet.pem")).build();

    private Ec2FleetSettings.Builder valid() {
        return Ec2FleetSettings.builder("burst").ssh(SSH).imageId("ami-0abc").instanceType("c7g.large").maxInstances(4);
    }

    @Test
    void defaultsAndTheSshSettingsTakeTheFleetsName() {
        Ec2FleetSettings s = valid().build();

        assertThat(s.executorName()).isEqualTo("ec2:burst");
        assertThat(s.ssh().name()).isEqualTo("burst");
        assertThat(s.ssh().strictHostKeyChecking()).isTrue();
        assertThat(s.minInstances()).isZero();
        assertThat(s.step()).isEqualTo(1);
        assertThat(s.coolDown()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.dryRun()).isFalse();
        assertThat(Ec2FleetSettings.builder(s).dryRun(true).build().dryRun()).isTrue();
        assertThat(valid().imageId(null).instanceType(null).launchTemplateName("faas-workers").build()
                .launchTemplateName()).isEqualTo("faas-workers");
    }

    @Test
    void failsFastWithThePreciseSetting() {
        assertThatThrownBy(() -> valid().maxInstances(0).build()).hasMessage("ec2 fleet 'burst' maxInstances must be at least 1: 0");
        assertThatThrownBy(() -> valid().minInstances(5).build()).hasMessageContaining("maxInstances (4) must be at least minInstances (5)");
        assertThatThrownBy(() -> valid().imageId(null).build()).hasMessageContaining("needs a launch template");
        assertThatThrownBy(() -> valid().launchTemplateId("lt-1").launchTemplateName("n").build()).hasMessageContaining("not both");
        assertThatThrownBy(() -> valid().ssh(null).build()).hasMessageContaining("needs ssh settings");
        assertThatThrownBy(() -> valid().ssh(SshPoolSettings.builder(SSH).host("10.0.0.1").build()).build())
                .hasMessageContaining("must list no hosts");
        assertThatThrownBy(() -> valid().step(0).build()).hasMessageContaining("step must be at least 1");
        assertThatThrownBy(() -> valid().scaleUpUtilisation(1.5).build()).hasMessageContaining("scaleUpUtilisation");
        assertThatThrownBy(() -> valid().tag("faas:fleet", "other").build()).hasMessageContaining("reserved");
        assertThatThrownBy(() -> valid().imageId("ami 1; x").build()).hasMessageContaining("AWS identifier");
        assertThatThrownBy(() -> valid().topic("a b").build()).hasMessageContaining("invalid topic name");
        assertThat(valid().endpointOverride(URI.create("http://127.0.0.1:4566")).build().endpointOverride()).isNotNull();
    }

    @Test
    void aClientChecksTopicBindingsAgainstItsExecutorsBeforeConnecting() {
        // Nothing listens on these: a check that connected first would fail with another message.
        FaasSettings.Builder faas = FaasSettings.builder().kafkaBootstrapServers("127.0.0.1:1")
                .mongoUri("mongodb://127.0.0.1:1").requestTimeout(Duration.ofMillis(200));
        List<FunctionExecutor> executors = List.of(
                SshExecutors.pool(SshPoolSettings.builder("fast").host("10.0.0.5").privateKey(Path.of("/k")).user("faas").build()),
                Ec2Fleets.fleet(valid().build()));

        FaasSettings s = faas.topicExecutor("premium", "ssh:fast").topicExecutor("bulk", "ec2:burst").build();
        assertThat(s.topicExecutors()).containsEntry("premium", "ssh:fast").containsEntry("bulk", "ec2:burst");

        assertThatThrownBy(() -> FaasClients.create(FaasSettings.builder(s).topicExecutor("gold", "ssh:fst").build(),
                executors)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topicExecutor 'gold' -> 'ssh:fst': no such executor")
                .hasMessageContaining("[ec2:burst, java, local, process, ssh:fast]");
        assertThatThrownBy(() -> FaasSettings.builder(s).topicExecutor("a b", "local").build())
                .hasMessageContaining("not a valid topic name");
        assertThatThrownBy(() -> FaasClients.create(s, List.of(executors.get(0), executors.get(0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two executors are named 'ssh:fast'");
    }

    @Test
    void aFleetStartsOnlyInsideAClient() {
        assertThatThrownBy(() -> Ec2Fleets.fleet(valid().build()).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FaasClients.create");
    }
}
