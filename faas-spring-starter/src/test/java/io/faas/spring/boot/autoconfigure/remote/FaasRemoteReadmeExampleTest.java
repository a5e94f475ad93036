package io.faas.spring.boot.autoconfigure.remote;

import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;
import io.faas.ec2.Ec2FleetSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FakeFaas;
import io.faas.ssh.SshHostSettings;
import io.faas.ssh.SshPoolSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's application.yml for one pool and one fleet starts, and means what the README says. */
class FaasRemoteReadmeExampleTest {

    private final FakeFaas fake = new FakeFaas();

    @Test
    void theReadmesPoolAndFleetBind() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasSshAutoConfiguration.class,
                        FaasEc2AutoConfiguration.class))
                .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost")
                .withInitializer(context -> {
                    try {
                        new YamlPropertySourceLoader().load("readme", new ClassPathResource("readme-application.yml",
                                FaasRemoteReadmeExampleTest.class)).forEach(context.getEnvironment().getPropertySources()::addFirst);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .withBean(FaasClient.class, () -> fake.client)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SshPoolSettings fast = context.getBean(FaasSshPools.class).settings().get("fast");
                    assertThat(fast.hosts()).containsExactly(SshHostSettings.of("10.0.1.10"),
                            SshHostSettings.of("10.0.1.11", 2222),
                            new SshHostSettings(null, "gpu-1.internal", 22, "gpu", null));
                    assertThat(fast.concurrencyPerHost()).isEqualTo(8);
                    assertThat(fast.workers().memoryLimitMb()).isEqualTo(512);
                    assertThat(fast.workers().sandbox()).isEqualTo(PythonSettings.Sandbox.BUBBLEWRAP);
                    Ec2FleetSettings burst = context.getBean(FaasEc2Fleets.class).settings().get("burst");
                    assertThat(burst.launchTemplateName()).isEqualTo("faas-workers");
                    assertThat(burst.maxInstances()).isEqualTo(5);
                    assertThat(burst.coolDown()).isEqualTo(Duration.ofMinutes(3));
                    assertThat(burst.dryRun()).isTrue();
                    assertThat(burst.tags()).containsEntry("team", "billing");
                    assertThat(burst.ssh().privateKey()).isEqualTo(Path.of("/etc/faas/fleet.pem"));
                    assertThat(context.getBean(FaasSshPools.class).executors().stream().map(e -> e.name()).toList())
                            .isEqualTo(List.of("ssh:fast"));
                });
    }
}
