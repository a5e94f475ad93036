package io.faas.ec2;

import io.faas.api.Backoff;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.PublishReceipt;
import io.faas.api.Topic;
import io.faas.core.DispatcherSettings;
import io.faas.core.FaasSettings;
import io.faas.ssh.SshPoolSettings;
import io.faas.api.Faas;
import io.faas.core.it.TestFaas;
import io.faas.ec2.internal.Ec2FleetExecutor;
import io.faas.ec2.internal.Ec2WorkerProvisioner;
import io.faas.testkit.Ec2QueryEndpoint;
import io.faas.testkit.EmbeddedSshd;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An EC2 fleet that scales with the consumer lag of its topic on the real embedded broker: a
 * burst of events grows it from nothing to its cap (launched instances answer on the loopback
 * sshd), every event runs on it, and idle instances are terminated back to the minimum.
 */
@FaasTest
class Ec2ScalingIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int EVENTS = 24;
    private static EmbeddedSshd sshd;
    private static Ec2QueryEndpoint ec2;

    @BeforeAll
    static void start() {
        assumeTrue(EmbeddedSshd.isAvailable(), "openssh-server is not installed");
        System.setProperty("aws.accessKeyId", "AKIDFAASTEST");
        System.setProperty("aws.secretAccessKey", "faas-test-secret");
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

    private static long live() {
        return ec2.liveInstances().stream().filter(i -> "burst".equals(i.tags().get("faas:fleet"))).count();
    }

    @Test
    void aBacklogGrowsTheFleetToItsCapAndIdleInstancesAreTerminated(FaasTestServers servers) {
        String topic = servers.uniqueName("bulk");
        FaasSettings base = TestFaas.settings(servers).build();
        FaasSettings settings = FaasSettings.builder(base)
                // Two events in flight at most: the rest stays unread, which is the backlog.
                .dispatcher(DispatcherSettings.builder(base.dispatcher()).maxInFlight(2).build())
                .topicExecutor(topic, "ec2:burst")
                .build();
        Ec2FleetExecutor fleet = (Ec2FleetExecutor) Ec2Fleets.fleet(Ec2FleetSettings.builder("burst")
                        .ssh(SshPoolSettings.builder("burst").user(sshd.user()).privateKey(sshd.clientKey())
                                .knownHosts(sshd.knownHosts()).applyToWorkerSettings(w -> w.memoryLimitMb(0))
                                .remoteDir(sshd.directory().resolve("faas").toString()).build())
                        .region("us-east-1")
                        .endpointOverride(ec2.endpoint())
                        .launchTemplateName("faas-workers")
                        .sshPort(sshd.port())
                        .minInstances(0)
                        .maxInstances(2)
                        .step(1)
                        .coolDown(Duration.ofMillis(300))
                        .backlogPerInstance(4)
                        .scaleInIdle(Duration.ofSeconds(1))
                        .evaluationInterval(Duration.ofMillis(200))
                        .build());
        AtomicInteger peak = new AtomicInteger();
        try (Faas faas = TestFaas.create(settings, List.of(fleet))) {
            faas.topics().create(Topic.of(topic, 1));
            // Retries until the fleet has an instance: with none, the pool answers "no host is up".
            faas.functions().register(FunctionSpec.python("crunch", topic).toBuilder().maxAttempts(60)
                    .backoff(Backoff.fixed(Duration.ofMillis(250))).build(), """
                    import time
                    def handler(event, context):
                        time.sleep(0.3)
                        return event * 10
                    """);
            List<PublishReceipt> receipts = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                receipts.add(faas.publisher().publish(topic, String.valueOf(i)));
            }
            faas.dispatcher().start();

            await().atMost(WAIT).until(() -> {
                peak.accumulateAndGet((int) live(), Math::max);
                return live() == 2;
            });
            List<Invocation> done = new ArrayList<>();
            for (PublishReceipt receipt : receipts) {
                peak.accumulateAndGet((int) live(), Math::max);
                done.addAll(faas.publisher().await(receipt, WAIT));
            }
            assertThat(done).hasSize(EVENTS).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED)
                    .allMatch(i -> i.executor().equals("ec2:burst"));
            assertThat(done.get(EVENTS - 1).result()).isEqualTo(String.valueOf((EVENTS - 1) * 10));

            await().atMost(WAIT).until(() -> {
                peak.accumulateAndGet((int) live(), Math::max);
                return live() == 0;
            });
            Ec2WorkerProvisioner provisioner = fleet.provisioner();
            await().atMost(WAIT).until(() -> provisioner.joinedInstances().isEmpty());
            assertThat(peak.get()).isEqualTo(2); // the cap, never more
            assertThat(ec2.instances()).filteredOn(i -> "burst".equals(i.tags().get("faas:fleet")))
                    .hasSize(2).allMatch(i -> "faas-workers".equals(i.launchTemplate()));
        }
    }
}
