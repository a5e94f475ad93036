package io.faas.spring.boot.autoconfigure.remote;

import io.faas.api.spi.FunctionExecutor;
import io.faas.core.FaasClient;
import io.faas.core.PythonSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FaasExecutorGroup;
import io.faas.spring.boot.autoconfigure.FaasSettingsCustomizer;
import io.faas.spring.boot.autoconfigure.FakeFaas;
import io.faas.ssh.SshHostSettings;
import io.faas.ssh.SshPoolSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FaasSshAutoConfigurationTest {

    private final FakeFaas fake = new FakeFaas();

    /** With a client of the test's own, so nothing connects anywhere. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasSshAutoConfiguration.class))
            .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost")
            .withBean(FaasClient.class, () -> fake.client);

    /** The least a pool needs: a host, a login and a key. */
    private static final String[] FAST = {"faas.ssh.pools.fast.hosts=10.0.1.10",
            "faas.ssh.pools.fast.user=faas", "faas.ssh.pools.fast.private-key=/etc/faas/id_ed25519"};

    @Test
    void everyPropertyMapsOntoThePoolSettings() {
        runner.withPropertyValues(
                        "faas.ssh.pools.fast.hosts[0]=10.0.1.10",
                        "faas.ssh.pools.fast.hosts[1]=10.0.1.11:2222",
                        "faas.ssh.pools.fast.hosts[2].host=gpu-1.internal",
                        "faas.ssh.pools.fast.hosts[2].port=2200",
                        "faas.ssh.pools.fast.hosts[2].id=gpu-1",
                        "faas.ssh.pools.fast.hosts[2].user=gpu",
                        "faas.ssh.pools.fast.hosts[2].private-key=/etc/faas/gpu_ed25519",
                        "faas.ssh.pools.fast.user=faas",
                        "faas.ssh.pools.fast.private-key=/etc/faas/id_ed25519",
                        "faas.ssh.pools.fast.known-hosts=/etc/faas/known_hosts",
                        "faas.ssh.pools.fast.strict-host-key-checking=false",
                        "faas.ssh.pools.fast.concurrency-per-host=8",
                        "faas.ssh.pools.fast.connect-timeout=3s",
                        "faas.ssh.pools.fast.health-check-interval=1m",
                        "faas.ssh.pools.fast.interpreter=/opt/python/bin/python3",
                        "faas.ssh.pools.fast.remote-dir=/srv/faas",
                        "faas.ssh.pools.fast.memory-limit=2GB",
                        "faas.ssh.pools.fast.max-modules-per-worker=16",
                        "faas.ssh.pools.fast.log-limit=8KB",
                        "faas.ssh.pools.fast.start-timeout=30s",
                        "faas.ssh.pools.fast.idle-timeout=2m",
                        "faas.ssh.pools.fast.sandbox=bubblewrap",
                        "faas.ssh.pools.fast.sandbox-user=faas-sandbox",
                        "faas.ssh.pools.fast.tmp-size=16MB",
                        "faas.ssh.pools.fast.max-file-size=8MB",
                        "faas.ssh.pools.fast.max-processes=32",
                        "faas.ssh.pools.fast.max-open-files=128")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    SshPoolSettings s = context.getBean(FaasSshPools.class).settings().get("fast");
                    assertThat(s.name()).isEqualTo("fast");
                    assertThat(s.hosts()).containsExactly(
                            SshHostSettings.of("10.0.1.10"),
                            SshHostSettings.of("10.0.1.11", 2222),
                            new SshHostSettings("gpu-1", "gpu-1.internal", 2200, "gpu", Path.of("/etc/faas/gpu_ed25519")));
                    assertThat(s.user()).isEqualTo("faas");
                    assertThat(s.privateKey()).isEqualTo(Path.of("/etc/faas/id_ed25519"));
                    assertThat(s.knownHosts()).isEqualTo(Path.of("/etc/faas/known_hosts"));
                    assertThat(s.strictHostKeyChecking()).isFalse();
                    assertThat(s.concurrencyPerHost()).isEqualTo(8);
                    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(s.healthCheckInterval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(s.workers().interpreter()).isEqualTo("/opt/python/bin/python3");
                    assertThat(s.remoteDir()).isEqualTo("/srv/faas");
                    assertThat(s.workers().memoryLimitMb()).isEqualTo(2048);
                    assertThat(s.workers().maxModulesPerWorker()).isEqualTo(16);
                    assertThat(s.workers().logLimitBytes()).isEqualTo(8192);
                    assertThat(s.workers().startTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(s.workers().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(s.workers().sandbox()).isEqualTo(PythonSettings.Sandbox.BUBBLEWRAP);
                    assertThat(s.workers().sandboxUser()).isEqualTo("faas-sandbox");
                    assertThat(s.workers().tmpSizeMb()).isEqualTo(16);
                    assertThat(s.workers().maxFileSizeMb()).isEqualTo(8);
                    assertThat(s.workers().maxProcesses()).isEqualTo(32);
                    assertThat(s.workers().maxOpenFiles()).isEqualTo(128);
                });
    }

    @Test
    void unsetPropertiesKeepFaasSshDefaults() {
        runner.withPropertyValues(FAST).run(context -> {
            SshPoolSettings s = context.getBean(FaasSshPools.class).settings().get("fast");
            SshPoolSettings core = SshPoolSettings.builder("fast").host("10.0.1.10").user("faas")
                    .privateKey(Path.of("/etc/faas/id_ed25519")).build();
            assertThat(s).hasToString(core.toString());
            assertThat(s.knownHosts()).isEqualTo(core.knownHosts());
            assertThat(s.connectTimeout()).isEqualTo(core.connectTimeout());
            assertThat(s.healthCheckInterval()).isEqualTo(core.healthCheckInterval());
            assertThat(s.workers().memoryLimitMb()).isEqualTo(core.workers().memoryLimitMb());
            assertThat(s.workers().maxModulesPerWorker()).isEqualTo(core.workers().maxModulesPerWorker());
            assertThat(s.workers().logLimitBytes()).isEqualTo(core.workers().logLimitBytes());
            assertThat(s.workers().startTimeout()).isEqualTo(core.workers().startTimeout());
            assertThat(s.workers().idleTimeout()).isEqualTo(core.workers().idleTimeout());
            assertThat(s.workers().sandbox()).isEqualTo(core.workers().sandbox());
            assertThat(s.workers().sandboxUser()).isEqualTo(core.workers().sandboxUser());
            assertThat(s.workers().tmpSizeMb()).isEqualTo(core.workers().tmpSizeMb());
            assertThat(s.workers().maxFileSizeMb()).isEqualTo(core.workers().maxFileSizeMb());
            assertThat(s.workers().maxProcesses()).isEqualTo(core.workers().maxProcesses());
            assertThat(s.workers().maxOpenFiles()).isEqualTo(core.workers().maxOpenFiles());
        });
    }

    @Test
    void hostsMayBeOneCommaSeparatedList() {
        runner.withPropertyValues("faas.ssh.pools.fast.hosts=10.0.1.10, 10.0.1.11:2222, [fd00::5]:2200",
                        "faas.ssh.pools.fast.user=faas", "faas.ssh.pools.fast.private-key=/etc/faas/id_ed25519")
                .run(context -> assertThat(context.getBean(FaasSshPools.class).settings().get("fast").hosts())
                        .containsExactly(SshHostSettings.of("10.0.1.10"), SshHostSettings.of("10.0.1.11", 2222),
                                SshHostSettings.of("fd00::5", 2200)));
    }

    @Test
    void eachPoolIsAnExecutorThatHasNotStarted() {
        runner.withPropertyValues(FAST)
                .withPropertyValues("faas.ssh.pools.slow.hosts=10.0.2.10", "faas.ssh.pools.slow.user=faas",
                        "faas.ssh.pools.slow.private-key=/etc/faas/id_ed25519")
                .run(context -> {
                    FaasSshPools pools = context.getBean(FaasSshPools.class);
                    assertThat(pools.executors()).extracting(FunctionExecutor::name)
                            .containsExactlyInAnyOrder("ssh:fast", "ssh:slow");
                    assertThat(pools.executors()).noneMatch(FunctionExecutor::isRunning);
                });
    }

    @Test
    void thePoolsReachTheClient() {
        // A topic bound to an executor nobody configured fails FaasClients.create before anything
        // connects, with the list of the executors it was given.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasSshAutoConfiguration.class))
                .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost",
                        "faas.dispatcher.auto-startup=false")
                .withPropertyValues(FAST)
                .withBean(FaasSettingsCustomizer.class, () -> b -> b.topicExecutor("premium", "ssh:nowhere"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("ssh:nowhere").hasMessageContaining("ssh:fast");
                });
    }

    @Test
    void customizersAdjustEachPool() {
        runner.withPropertyValues(FAST)
                .withBean(SshPoolSettingsCustomizer.class, () -> (name, b) -> b.concurrencyPerHost(name.length()))
                .run(context -> assertThat(context.getBean(FaasSshPools.class).settings().get("fast")
                        .concurrencyPerHost()).isEqualTo(4));
    }

    @Test
    void aWrongValueFailsTheStartNamingTheProperty() {
        runner.withPropertyValues(FAST).withPropertyValues("faas.ssh.pools.fast.concurrency-per-host=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(BindValidationException.class);
            assertThat(messages(context.getStartupFailure()))
                    .contains("faas.ssh.pools.fast.concurrency-per-host")
                    .contains("must be at least 1");
        });
        runner.withPropertyValues(FAST).withPropertyValues("faas.ssh.pools.fast.interpreter=python3; rm -rf /")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("faas.ssh.pools.fast.interpreter");
                });
        runner.withPropertyValues(FAST).withPropertyValues("faas.ssh.pools.fast.memory-limit=512KB").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("faas.ssh.pools.fast.memory-limit").contains("whole number of megabytes");
        });
        runner.withPropertyValues("faas.ssh.pools.fast.hosts[0]=10.0.1.10", "faas.ssh.pools.fast.hosts[1]=bad host!",
                "faas.ssh.pools.fast.user=faas", "faas.ssh.pools.fast.private-key=/etc/faas/id_ed25519").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ssh.pools.fast.hosts[1]");
        });
    }

    @Test
    void aValueOfTheWrongTypeFailsTheStartNamingTheProperty() {
        runner.withPropertyValues(FAST).withPropertyValues("faas.ssh.pools.fast.connect-timeout=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ssh.pools.fast.connect-timeout");
        });
        runner.withPropertyValues(FAST).withPropertyValues("faas.ssh.pools.fast.sandbox=maybe").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ssh.pools.fast.sandbox");
        });
    }

    @Test
    void settingsThatDoNotGoTogetherFailTheStartNamingThePool() {
        runner.withPropertyValues("faas.ssh.pools.fast.hosts=10.0.1.10", "faas.ssh.pools.fast.user=faas").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ssh.pools.fast:").contains("privateKey");
        });
        runner.withPropertyValues("faas.ssh.pools[Fast!].hosts=10.0.1.10").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("faas.ssh.pools[Fast!]").contains("pool name");
        });
    }

    @Test
    void withoutFaasSshTheStarterBacksOffAndTheApplicationStarts() {
        runner.withClassLoader(new FilteredClassLoader("io.faas.ssh"))
                .withPropertyValues(FAST)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(FaasClient.class)
                            .doesNotHaveBean(FaasSshPools.class).doesNotHaveBean(FaasExecutorGroup.class);
                });
    }

    @Test
    void backsOffForTheApplicationsOwnPools() {
        FaasSshPools own = FaasSshPools.of(java.util.Map.of());
        runner.withPropertyValues(FAST).withBean(FaasSshPools.class, () -> own)
                .run(context -> assertThat(context.getBean(FaasSshPools.class)).isSameAs(own));
    }

    static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
