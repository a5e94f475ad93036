package io.faas.testkit.internal;

import io.faas.testkit.internal.ServerResolution.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Runs with Testcontainers on the class path (the unit-test class path has it). */
class ContainersTest {

    @Test
    void findsTheModulesOnTheClassPath() {
        assertThat(Containers.modulesPresent()).containsExactlyInAnyOrder(Server.KAFKA, Server.MONGO);
    }

    @Test
    void askingForDockerAnswersQuicklyAndNeverThrows() {
        // No Docker engine on the build machines: false there; true where one answers.
        assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThatCode(Containers::dockerAvailable).doesNotThrowAnyException());
    }
}
