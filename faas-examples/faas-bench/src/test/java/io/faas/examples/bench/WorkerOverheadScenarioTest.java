package io.faas.examples.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A smoke run of the cheapest scenario: real worker processes, no servers, no timed assertion. */
class WorkerOverheadScenarioTest {

    @Test
    void quickRunGivesOnePairedRowWithEveryRound() throws Exception {
        assumeTrue(Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "python3"))),
                "python3 is not on the PATH");
        try (BenchEnv env = new BenchEnv()) { // never started: this scenario needs no servers
            List<Result> rows = new WorkerOverheadScenario().run(new Scenario.RunOptions(true, env));

            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(r.name()).isEqualTo("worker.warm-call");
                assertThat(r.unit()).isEqualTo("us");
                assertThat(r.rounds()).hasSize(5).allMatch(v -> v > 0);
                assertThat(r.baselineRounds()).hasSize(5).allMatch(v -> v > 0);
                assertThat(r.ratio()).isPositive();
                assertThat(r.target()).isEqualTo(Target.ratioAtMost(1.5));
            });
        }
    }
}
