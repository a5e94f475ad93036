package io.faas.testkit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The OpenSSH fixture, checked with the OpenSSH client in strict host key mode. */
class EmbeddedSshdIT {

    private static String ssh(EmbeddedSshd sshd, Path knownHosts, String command) throws Exception {
        Process p = new ProcessBuilder("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "ConnectTimeout=5", "-i", sshd.clientKey().toString(),
                "-p", String.valueOf(sshd.port()), sshd.user() + "@" + sshd.host(), command)
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + out.strip();
    }

    @Test
    void logsInWithItsKeyRefusesAnotherHostKeyAndComesBackOnTheSamePortAfterAKill() throws Exception {
        assumeTrue(EmbeddedSshd.isAvailable() && Files.isExecutable(Path.of("/usr/bin/ssh")), "OpenSSH is not installed");
        try (EmbeddedSshd sshd = EmbeddedSshd.builder().build().start();
             EmbeddedSshd other = EmbeddedSshd.builder().build()) {
            assertThat(ssh(sshd, sshd.knownHosts(), "echo hi")).isEqualTo("0:hi");

            Path wrong = Files.writeString(sshd.directory().resolve("wrong"), "[127.0.0.1]:" + sshd.port() + " "
                    + other.knownHostsLine().split(" ", 2)[1] + "\n");
            assertThat(ssh(sshd, wrong, "echo hi")).startsWith("255:").contains("HOST IDENTIFICATION HAS CHANGED");

            int port = sshd.port();
            sshd.kill();
            assertThat(sshd.isRunning()).isFalse();
            assertThat(ssh(sshd, sshd.knownHosts(), "echo hi")).startsWith("255:");
            sshd.start();
            assertThat(sshd.port()).isEqualTo(port);
            assertThat(ssh(sshd, sshd.knownHosts(), "echo again")).isEqualTo("0:again");
            assertThat(List.of(sshd.directory().toFile().list())).contains("authorized_keys", "sshd_config");
        }
    }
}
