package io.faas.ec2.internal;

import io.faas.ec2.Ec2FleetSettings;
import io.faas.ssh.internal.SshExecutor;
import io.faas.testkit.EmbeddedSshd;
import io.faas.testkit.internal.Containers;
import io.faas.testkit.internal.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AWS side of the provisioner against LocalStack, where Docker answers: launch to the minimum
 * with the fleet tag, and terminate an instance that never answers SSH (LocalStack's instances
 * are not real machines). Skipped without Docker.
 */
@EnabledIf("dockerAvailable")
class Ec2LocalStackIT {

    static boolean dockerAvailable() {
        return Containers.dockerAvailable() && EmbeddedSshd.isAvailable();
    }

    @Test
    void launchesTaggedInstancesAndTerminatesThoseThatNeverAnswerSsh() {
        try (LocalStackContainer localstack = new LocalStackContainer("localstack/localstack:4").withServices("ec2");
             EmbeddedSshd sshd = EmbeddedSshd.builder().build().start()) {
            localstack.start();
            System.setProperty("aws.accessKeyId", localstack.getAccessKey());
            System.setProperty("aws.secretAccessKey", localstack.getSecretKey());
            Ec2FleetSettings settings = Ec2WorkerProvisionerIT.fleet("ls", localstack.getEndpoint(), sshd,
                    FreePorts.pick()).region(localstack.getRegion()).imageId("ami-ff0fea8310f3")
                    .minInstances(1).maxInstances(1).launchTimeout(Duration.ofSeconds(2)).build();
            try (SshExecutor executor = new SshExecutor(settings.executorName(), settings.ssh());
                 Ec2WorkerProvisioner provisioner = new Ec2WorkerProvisioner(settings, executor, () -> 0,
                         Clock.systemUTC());
                 Ec2Client client = Ec2WorkerProvisioner.buildClient(settings)) {
                executor.start();
                provisioner.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> client.describeInstances(
                        DescribeInstancesRequest.builder().filters(Filter.builder().name("tag:faas:fleet")
                                .values("ls").build()).build()).reservations().stream()
                        .flatMap(r -> r.instances().stream())
                        .anyMatch(i -> i.state().nameAsString().equals("terminated")
                                || i.state().nameAsString().equals("shutting-down")));
                assertThat(provisioner.joinedInstances()).isEmpty();
            }
        }
    }
}
