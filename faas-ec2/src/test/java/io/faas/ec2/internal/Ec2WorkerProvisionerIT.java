package io.faas.ec2.internal;

import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Event;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionRequest;
import io.faas.ec2.Ec2FleetSettings;
import io.faas.ssh.SshPoolSettings;
import io.faas.core.internal.store.MongoLease;
import io.faas.core.internal.store.MongoStore;
import io.faas.testkit.EmbeddedMongo;
import io.faas.core.internal.execution.python.PythonProtocol;
import io.faas.ssh.internal.SshExecutor;
import io.faas.testkit.Ec2QueryEndpoint;
import io.faas.testkit.EmbeddedSshd;
import io.faas.testkit.internal.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The provisioner with the real AWS SDK against {@link Ec2QueryEndpoint}, whose instances are all
 * the loopback sshd. {@link Ec2LocalStackIT} runs the AWS-only part against LocalStack.
 */
class Ec2WorkerProvisionerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedSshd sshd;
    private static Ec2QueryEndpoint ec2;

    private SshExecutor executor;
    private Ec2WorkerProvisioner provisioner;

    @BeforeAll
    static void start() {
        assumeTrue(EmbeddedSshd.isAvailable(), "openssh-server is not installed");
        AwsTestCredentials.install();
        sshd = EmbeddedSshd.builder().build().start();
        ec2 = Ec2QueryEndpoint.builder().pendingTime(Duration.ofMillis(300)).build().start();
    }

    @AfterAll
    static void stop() {
        if (ec2 != null) {
            ec2.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @AfterEach
    void closeFleet() {
        if (provisioner != null) {
            provisioner.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    static Ec2FleetSettings.Builder fleet(String name, URI endpoint, EmbeddedSshd sshd, int sshPort) {
        return Ec2FleetSettings.builder(name)
                .ssh(SshPoolSettings.builder(name).user(sshd.user()).privateKey(sshd.clientKey())
                        .knownHosts(sshd.knownHosts()).concurrencyPerHost(2)
                        .applyToWorkerSettings(w -> w.memoryLimitMb(0))
                        .remoteDir(sshd.directory().resolve("faas").toString())
                        .healthCheckInterval(Duration.ofMillis(500)).build())
                .region("us-east-1")
                .endpointOverride(endpoint)
                .imageId("ami-0123456789abcdef0")
                .instanceType("t3.micro")
                .subnetId("subnet-0abc")
                .securityGroupId("sg-0abc")
                .keyName("faas-fleet")
                .tag("team", "payments")
                .sshPort(sshPort)
                .evaluationInterval(Duration.ofMillis(200))
                .coolDown(Duration.ZERO)
                .scaleInIdle(Duration.ofMillis(500))
                .backlogPerInstance(10);
    }

    private void start(Ec2FleetSettings settings, AtomicLong backlog) {
        executor = new SshExecutor(settings.executorName(), settings.ssh());
        executor.start();
        provisioner = new Ec2WorkerProvisioner(settings, executor, backlog::get, Clock.systemUTC());
        provisioner.start();
    }

    private long live(String fleet) {
        return ec2.liveInstances().stream().filter(i -> fleet.equals(i.tags().get("faas:fleet"))).count();
    }

    @Test
    void growsWithBacklogToTheCapRunsCallsOnJoinedInstancesAndShrinksIdleOnesToTheMinimum() throws Exception {
        AtomicLong backlog = new AtomicLong();
        start(fleet("grow", ec2.endpoint(), sshd, sshd.port()).minInstances(1).maxInstances(2).build(), backlog);

        await().atMost(WAIT).until(() -> provisioner.joinedInstances().size() == 1);
        String first = provisioner.joinedInstances().iterator().next();
        Ec2QueryEndpoint.InstanceView view = ec2.instances().stream().filter(i -> i.id().equals(first)).findFirst()
                .orElseThrow();
        assertThat(view.tags()).containsEntry("faas:fleet", "grow").containsEntry("team", "payments")
                .containsEntry("Name", "faas-grow-" + first);
        assertThat(view.imageId()).isEqualTo("ami-0123456789abcdef0");
        assertThat(executor.hostIds()).containsExactly(first);

        String source = "def handler(event, context):\n    return event * 2\n";
        FunctionVersion f = new FunctionVersion(FunctionSpec.python("doubler", "jobs"), 1, source,
                PythonProtocol.codeRef(source), Instant.now());
        var result = executor.execute(new ExecutionRequest(f, new Event("e", "jobs", 0, 0L, null, "21", Map.of(),
                Instant.now()), 1, Duration.ofSeconds(10), 1024));
        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.result()).isEqualTo("42");

        backlog.set(1_000); // far more than 2 instances absorb: grows to the cap and stays there
        await().atMost(WAIT).until(() -> provisioner.joinedInstances().size() == 2);
        for (int i = 0; i < 5; i++) {
            long evaluations = ec2.calls().stream().filter("DescribeInstances"::equals).count();
            await().atMost(WAIT).until(() -> ec2.calls().stream().filter("DescribeInstances"::equals).count()
                    > evaluations);
            assertThat(live("grow")).isEqualTo(2);
        }
        assertThat(provisioner.lastDecision().reason()).contains("at the maximum of 2");

        backlog.set(0); // idle: back to the minimum, never below
        await().atMost(WAIT).until(() -> live("grow") == 1 && provisioner.joinedInstances().size() == 1);
        assertThat(ec2.calls()).contains("RunInstances", "CreateTags", "TerminateInstances");
        assertThat(executor.hostIds()).hasSize(1);
        await().atMost(WAIT).until(() -> ec2.instances().stream()
                .filter(i -> "grow".equals(i.tags().get("faas:fleet")) && i.state().equals("terminated")).count() == 1);
    }

    @Test
    void anInstanceThatNeverAnswersSshIsTerminatedAfterTheLaunchTimeoutAndReplaced() {
        int closedPort = FreePorts.pick(); // nothing listens: the instance "boots" but SSH never answers
        start(fleet("stuck", ec2.endpoint(), sshd, closedPort).minInstances(1).maxInstances(1)
                .launchTimeout(Duration.ofSeconds(1)).build(), new AtomicLong());

        await().atMost(WAIT).until(() -> ec2.instances().stream()
                .filter(i -> "stuck".equals(i.tags().get("faas:fleet"))).count() >= 2);
        assertThat(ec2.instances().stream().filter(i -> "stuck".equals(i.tags().get("faas:fleet")))
                .map(Ec2QueryEndpoint.InstanceView::state)).containsAnyOf("shutting-down", "terminated");
        assertThat(live("stuck")).isLessThanOrEqualTo(1); // the replacement, never both
        assertThat(provisioner.joinedInstances()).isEmpty();
    }

    @Test
    void aDryRunDecidesAndLogsButCallsNoAwsApi() {
        int before = ec2.calls().size();
        Ec2FleetSettings settings = fleet("dry", ec2.endpoint(), sshd, sshd.port()).minInstances(2).maxInstances(3)
                .dryRun(true).build();
        AtomicLong backlog = new AtomicLong(1_000);
        start(settings, backlog);

        await().atMost(WAIT).until(() -> provisioner.lastDecision() != null
                && provisioner.lastDecision().reason().contains("at the maximum of 3"));
        backlog.set(0);
        await().atMost(WAIT).until(() -> provisioner.lastDecision().reason().startsWith("steady: 2 instances"));
        assertThat(ec2.calls()).hasSize(before);
        assertThat(ec2.instances()).noneMatch(i -> "dry".equals(i.tags().get("faas:fleet")));
    }

    @Test
    void twoInstancesOfTheAppShareOneFleetThroughTheLeaseAndTheOtherTakesOverWhenTheHolderStops() {
        Ec2FleetSettings settings = fleet("pair", ec2.endpoint(), sshd, sshd.port()).minInstances(1).maxInstances(3)
                .build();
        AtomicLong backlog = new AtomicLong(1_000); // both see far more than 3 instances absorb
        try (EmbeddedMongo mongo = EmbeddedMongo.builder().build().start();
             MongoStore store = new MongoStore(mongo.connectionString(), "lease", Duration.ofSeconds(10));
             SshExecutor otherExecutor = new SshExecutor(settings.executorName(), settings.ssh())) {
            executor = new SshExecutor(settings.executorName(), settings.ssh());
            executor.start();
            otherExecutor.start();
            provisioner = new Ec2WorkerProvisioner(settings, executor, backlog::get, Clock.systemUTC(),
                    new MongoLease(store, "ec2:pair", "app-1", Clock.systemUTC()));
            try (Ec2WorkerProvisioner other = new Ec2WorkerProvisioner(settings, otherExecutor, backlog::get,
                    Clock.systemUTC(), new MongoLease(store, "ec2:pair", "app-2", Clock.systemUTC()))) {
                provisioner.start();
                other.start();

                await().atMost(WAIT).until(() -> live("pair") == 3 && provisioner.joinedInstances().size() == 3
                        && other.joinedInstances().size() == 3);
                assertThat(provisioner.isLeader() ^ other.isLeader()).as("exactly one decides").isTrue();
                for (int i = 0; i < 5; i++) { // rounds go on; without the lease each would grow the fleet to 3
                    long evaluations = ec2.calls().stream().filter("DescribeInstances"::equals).count();
                    await().atMost(WAIT).until(() -> ec2.calls().stream().filter("DescribeInstances"::equals)
                            .count() > evaluations + 1);
                    assertThat(live("pair")).isEqualTo(3);
                }

                Ec2WorkerProvisioner holder = provisioner.isLeader() ? provisioner : other;
                Ec2WorkerProvisioner survivor = holder == provisioner ? other : provisioner;
                holder.close(); // releases the lease: the survivor decides from its next round
                await().atMost(WAIT).until(survivor::isLeader);
                backlog.set(0);
                await().atMost(WAIT).until(() -> live("pair") == 1 && survivor.joinedInstances().size() == 1);
            }
        }
    }
}
