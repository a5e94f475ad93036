package io.faas.spring.boot.autoconfigure.remote;

import io.faas.api.spi.FunctionExecutor;
import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;
import io.faas.ec2.Ec2FleetSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FaasExecutorGroup;
import io.faas.spring.boot.autoconfigure.FaasSettingsCustomizer;
import io.faas.spring.boot.autoconfigure.FakeFaas;
import io.faas.ssh.SshPoolSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.faas.spring.boot.autoconfigure.remote.FaasSshAutoConfigurationTest.messages;
import static org.assertj.core.api.Assertions.assertThat;

class FaasEc2AutoConfigurationTest {

    private final FakeFaas fake = new FakeFaas();

    /** With a client of the test's own, so nothing connects anywhere. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasSshAutoConfiguration.class,
                    FaasEc2AutoConfiguration.class))
            .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost")
            .withBean(FaasClient.class, () -> fake.client);

    /** The least a fleet needs: how to launch, a cap, and a login with the key pair's key. */
    private static final String[] BURST = {"faas.ec2.fleets.burst.launch-template-name=faas-workers",
            "faas.ec2.fleets.burst.max-instances=5", "faas.ec2.fleets.burst.ssh.user=ec2-user",
            "faas.ec2.fleets.burst.ssh.private-key=/etc/faas/fleet.pem"};

    @Test
    void everyPropertyMapsOntoTheFleetSettings() {
        runner.withPropertyValues(
                        "faas.ec2.fleets.burst.region=eu-west-1",
                        "faas.ec2.fleets.burst.endpoint-override=http://localhost:4566",
                        "faas.ec2.fleets.burst.launch-template-id=lt-0123456789abcdef0",
                        "faas.ec2.fleets.burst.launch-template-version=3",
                        "faas.ec2.fleets.burst.image-id=ami-0abcdef1234567890",
                        "faas.ec2.fleets.burst.instance-type=t3.small",
                        "faas.ec2.fleets.burst.subnet-id=subnet-0abc",
                        "faas.ec2.fleets.burst.security-group-ids=sg-1,sg-2",
                        "faas.ec2.fleets.burst.key-name=faas-fleet",
                        "faas.ec2.fleets.burst.tags.team=billing",
                        "faas.ec2.fleets.burst.tags[cost-centre]=42",
                        "faas.ec2.fleets.burst.topics=bulk,bulk.retry",
                        "faas.ec2.fleets.burst.min-instances=1",
                        "faas.ec2.fleets.burst.max-instances=5",
                        "faas.ec2.fleets.burst.step=2",
                        "faas.ec2.fleets.burst.cool-down=3m",
                        "faas.ec2.fleets.burst.scale-in-idle=20m",
                        "faas.ec2.fleets.burst.backlog-per-instance=200",
                        "faas.ec2.fleets.burst.scale-up-utilisation=0.5",
                        "faas.ec2.fleets.burst.evaluation-interval=10s",
                        "faas.ec2.fleets.burst.launch-timeout=2m",
                        "faas.ec2.fleets.burst.ssh-port=2222",
                        "faas.ec2.fleets.burst.use-public-ip=true",
                        "faas.ec2.fleets.burst.dry-run=true",
                        "faas.ec2.fleets.burst.ssh.user=ec2-user",
                        "faas.ec2.fleets.burst.ssh.private-key=/etc/faas/fleet.pem",
                        "faas.ec2.fleets.burst.ssh.known-hosts=/etc/faas/fleet_known_hosts",
                        "faas.ec2.fleets.burst.ssh.concurrency-per-host=2",
                        "faas.ec2.fleets.burst.ssh.sandbox=none")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Ec2FleetSettings s = context.getBean(FaasEc2Fleets.class).settings().get("burst");
                    assertThat(s.name()).isEqualTo("burst");
                    assertThat(s.region()).isEqualTo("eu-west-1");
                    assertThat(s.endpointOverride()).isEqualTo(URI.create("http://localhost:4566"));
                    assertThat(s.launchTemplateId()).isEqualTo("lt-0123456789abcdef0");
                    assertThat(s.launchTemplateVersion()).isEqualTo("3");
                    assertThat(s.imageId()).isEqualTo("ami-0abcdef1234567890");
                    assertThat(s.instanceType()).isEqualTo("t3.small");
                    assertThat(s.subnetId()).isEqualTo("subnet-0abc");
                    assertThat(s.securityGroupIds()).containsExactly("sg-1", "sg-2");
                    assertThat(s.keyName()).isEqualTo("faas-fleet");
                    assertThat(s.tags()).isEqualTo(Map.of("team", "billing", "cost-centre", "42"));
                    assertThat(s.topics()).containsExactlyInAnyOrder("bulk", "bulk.retry");
                    assertThat(s.minInstances()).isEqualTo(1);
                    assertThat(s.maxInstances()).isEqualTo(5);
                    assertThat(s.step()).isEqualTo(2);
                    assertThat(s.coolDown()).isEqualTo(Duration.ofMinutes(3));
                    assertThat(s.scaleInIdle()).isEqualTo(Duration.ofMinutes(20));
                    assertThat(s.backlogPerInstance()).isEqualTo(200);
                    assertThat(s.scaleUpUtilisation()).isEqualTo(0.5);
                    assertThat(s.evaluationInterval()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(s.launchTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(s.sshPort()).isEqualTo(2222);
                    assertThat(s.usePublicIp()).isTrue();
                    assertThat(s.dryRun()).isTrue();
                    SshPoolSettings ssh = s.ssh();
                    assertThat(ssh.name()).isEqualTo("burst");
                    assertThat(ssh.hosts()).isEmpty();
                    assertThat(ssh.user()).isEqualTo("ec2-user");
                    assertThat(ssh.privateKey()).isEqualTo(Path.of("/etc/faas/fleet.pem"));
                    assertThat(ssh.knownHosts()).isEqualTo(Path.of("/etc/faas/fleet_known_hosts"));
                    assertThat(ssh.concurrencyPerHost()).isEqualTo(2);
                    assertThat(ssh.workers().sandbox()).isEqualTo(PythonSettings.Sandbox.NONE);
                });
    }

    @Test
    void unsetPropertiesKeepFaasEc2Defaults() {
        runner.withPropertyValues(BURST).run(context -> {
            Ec2FleetSettings s = context.getBean(FaasEc2Fleets.class).settings().get("burst");
            Ec2FleetSettings core = Ec2FleetSettings.builder("burst").launchTemplateName("faas-workers").maxInstances(5)
                    .ssh(SshPoolSettings.builder("burst").user("ec2-user").privateKey(Path.of("/etc/faas/fleet.pem"))
                            .build())
                    .build();
            assertThat(s).hasToString(core.toString());
            assertThat(s.ssh()).hasToString(core.ssh().toString());
            assertThat(s.region()).isNull();
            assertThat(s.tags()).isEmpty();
            assertThat(s.scaleInIdle()).isEqualTo(core.scaleInIdle());
            assertThat(s.backlogPerInstance()).isEqualTo(core.backlogPerInstance());
            assertThat(s.scaleUpUtilisation()).isEqualTo(core.scaleUpUtilisation());
            assertThat(s.evaluationInterval()).isEqualTo(core.evaluationInterval());
            assertThat(s.launchTimeout()).isEqualTo(core.launchTimeout());
            assertThat(s.sshPort()).isEqualTo(core.sshPort());
            assertThat(s.usePublicIp()).isEqualTo(core.usePublicIp());
            assertThat(s.ssh().workers().memoryLimitMb()).isEqualTo(core.ssh().workers().memoryLimitMb());
            assertThat(s.ssh().workers().sandbox()).isEqualTo(core.ssh().workers().sandbox());
        });
    }

    @Test
    void eachFleetIsAnExecutorThatHasNotStarted() {
        runner.withPropertyValues(BURST).run(context -> {
            FaasEc2Fleets fleets = context.getBean(FaasEc2Fleets.class);
            assertThat(fleets.executors()).extracting(FunctionExecutor::name).containsExactly("ec2:burst");
            assertThat(fleets.executors()).noneMatch(FunctionExecutor::isRunning);
        });
    }

    @Test
    void theFleetsAndPoolsReachTheClient() {
        // A topic bound to an executor nobody configured fails FaasClients.create before anything
        // connects, with the list of the executors it was given.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasSshAutoConfiguration.class,
                        FaasEc2AutoConfiguration.class))
                .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost",
                        "faas.dispatcher.auto-startup=false", "faas.ssh.pools.fast.hosts=10.0.1.10",
                        "faas.ssh.pools.fast.user=faas", "faas.ssh.pools.fast.private-key=/etc/faas/id_ed25519")
                .withPropertyValues(BURST)
                .withBean(FaasSettingsCustomizer.class, () -> b -> b.topicExecutor("bulk", "ec2:nowhere"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("ec2:nowhere")
                            .hasMessageContaining("ec2:burst").hasMessageContaining("ssh:fast");
                });
    }

    @Test
    void customizersAdjustEachFleet() {
        runner.withPropertyValues(BURST)
                .withBean(Ec2FleetSettingsCustomizer.class, () -> (name, b) -> b.tag("fleet-name", name))
                .run(context -> assertThat(context.getBean(FaasEc2Fleets.class).settings().get("burst").tags())
                        .containsEntry("fleet-name", "burst"));
    }

    @Test
    void aWrongValueFailsTheStartNamingTheProperty() {
        runner.withPropertyValues(BURST).withPropertyValues("faas.ec2.fleets.burst.max-instances=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(BindValidationException.class);
            assertThat(messages(context.getStartupFailure()))
                    .contains("faas.ec2.fleets.burst.max-instances").contains("must be at least 1");
        });
        runner.withPropertyValues(BURST).withPropertyValues("faas.ec2.fleets.burst.ssh.concurrency-per-host=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("faas.ec2.fleets.burst.ssh.concurrency-per-host");
                });
        runner.withPropertyValues(BURST).withPropertyValues("faas.ec2.fleets.burst.scale-up-utilisation=1.5")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("faas.ec2.fleets.burst.scale-up-utilisation");
                });
        // not withPropertyValues: it would split the key at its colon
        runner.withPropertyValues(BURST).withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(
                        new MapPropertySource("tags", Map.of("faas.ec2.fleets.burst.tags[faas:fleet]", "other"))))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("faas.ec2.fleets.burst.tags")
                            .contains("reserved");
                });
    }

    @Test
    void settingsThatDoNotGoTogetherFailTheStartNamingTheFleet() {
        // Two values checked against each other are reported under the one mapped last, as in faas.python.
        runner.withPropertyValues(BURST).withPropertyValues("faas.ec2.fleets.burst.min-instances=6").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ec2.fleets.burst.max-instances: ")
                    .contains("minInstances");
        });
        runner.withPropertyValues("faas.ec2.fleets.burst.max-instances=5", "faas.ec2.fleets.burst.ssh.user=ec2-user",
                "faas.ec2.fleets.burst.ssh.private-key=/etc/faas/fleet.pem").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("faas.ec2.fleets.burst:")
                            .contains("launch template");
                });
        runner.withPropertyValues("faas.ec2.fleets.burst.launch-template-name=faas-workers",
                "faas.ec2.fleets.burst.max-instances=5", "faas.ec2.fleets.burst.ssh.user=ec2-user").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("faas.ec2.fleets.burst:")
                            .contains("privateKey");
                });
        runner.withPropertyValues("faas.ec2.fleets[Burst!].max-instances=5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ec2.fleets[Burst!]")
                    .contains("ec2 fleet name");
        });
    }

    @Test
    void withoutFaasEc2OrTheAwsSdkTheStarterBacksOffAndTheApplicationStarts() {
        for (FilteredClassLoader loader : new FilteredClassLoader[] {
                new FilteredClassLoader("io.faas.ec2", "software.amazon"), new FilteredClassLoader("software.amazon")}) {
            runner.withClassLoader(loader).withPropertyValues(BURST).run(context -> {
                assertThat(context).hasNotFailed().hasSingleBean(FaasClient.class)
                        .doesNotHaveBean(FaasEc2Fleets.class).hasSingleBean(FaasSshPools.class);
            });
        }
        runner.withClassLoader(new FilteredClassLoader("io.faas.ssh", "io.faas.ec2", "software.amazon"))
                .withPropertyValues(BURST)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(FaasClient.class)
                        .doesNotHaveBean(FaasExecutorGroup.class));
    }

    @Test
    void bothAreListedInTheAutoConfigurationImports() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(FaasSshAutoConfiguration.class.getName(), FaasEc2AutoConfiguration.class.getName());
    }

    @Test
    void backsOffForTheApplicationsOwnFleets() {
        FaasEc2Fleets own = FaasEc2Fleets.of(Map.of());
        runner.withPropertyValues(BURST).withBean(FaasEc2Fleets.class, () -> own)
                .run(context -> assertThat(context.getBean(FaasEc2Fleets.class)).isSameAs(own));
    }
}
