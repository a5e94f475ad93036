package io.faas.examples.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private static String table(List<Result> results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Main.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), results);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tableAndJsonCarryEveryColumn() {
        List<Result> results = List.of(
                new Result("a.fast", 4.5, "ms", 9.0, "cpython", 20),
                new Result("a.slow", 3100, "ms", Double.NaN, "none", 3000));
        String table = table(results);
        assertThat(table).contains("scenario", "figure", "baseline", "ratio", "target", "result");
        assertThat(table).containsPattern("a\\.fast\\s+4\\.50 ms\\s+9\\.00 ms\\s+0\\.500x\\s+<= 20\\.0 ms\\s+PASS");
        assertThat(table).containsPattern("a\\.slow\\s+3100 ms\\s+n/a\\s+n/a\\s+<= 3000 ms\\s+FAIL");
        String json = Main.toJson(results, 1.0, 2.0);
        assertThat(json).contains("\"name\": \"a.fast\"", "\"ratio\": 0.500", "\"passed\": true", "\"baseline\": null",
                "\"passed\": false", "\"cores\": ", "\"target\": \"figure <= 20\"");
    }

    @Test
    void pairedRowsTakeMediansAndTheMedianOfPerRoundRatios() {
        // Round 2 ran while the machine was busy: both sides slowed, its ratio still holds.
        double[] ours = {1000, 400, 1100};
        double[] baseline = {20, 8, 25};
        Result r = Result.paired("x.throughput", "ev/s", ours, baseline, "old way", Target.ratioAtLeast(50), "n");
        assertThat(r.figure()).isEqualTo(1000);
        assertThat(r.baseline()).isEqualTo(20);
        assertThat(r.ratio()).isEqualTo(50); // ratios 50, 50, 44
        assertThat(r.passed()).isTrue();
        assertThat(r.rounds()).containsExactly(1000.0, 400.0, 1100.0);
        assertThat(table(List.of(r))).containsPattern("x\\.throughput\\s+1000 ev/s\\s+20\\.0 ev/s\\s+50\\.0x\\s+>= 50\\.0x\\s+PASS");
    }

    @Test
    void targetsBoundTheFigureOrTheRatioFromEitherSide() {
        assertThat(Target.atMost(5).passed(5, Double.NaN)).isTrue();
        assertThat(Target.atMost(5).passed(5.01, 0.1)).isFalse();
        assertThat(Target.atLeast(100).passed(99, 1000)).isFalse();
        assertThat(Target.ratioAtMost(1.5).passed(1000, 1.49)).isTrue();
        assertThat(Target.ratioAtMost(1.5).passed(1, 1.51)).isFalse();
        assertThat(Target.ratioAtLeast(0.8).passed(1, 0.8)).isTrue();
        assertThat(Target.ratioAtLeast(0.8).passed(1, Double.NaN)).isFalse();
        assertThat(Target.none().passed(Double.NaN, Double.NaN)).isTrue();
        assertThat(Target.ratioAtLeast(50).describe("ev/s")).isEqualTo(">= 50.0x");
        assertThat(Target.atMost(25).describe("ms")).isEqualTo("<= 25.0 ms");
        assertThat(Target.ratioAtMost(1.5).expression()).isEqualTo("ratio <= 1.5");
        assertThat(Target.none().describe("ms")).isEqualTo("-");
    }

    @Test
    void rowsWithoutTargetAreReportedAsInfoAndPass() {
        Result r = Result.single("scaling.workers-2", 1234, "ev/s", Target.none(), List.of(1200.0, 1234.0), "");
        assertThat(r.passed()).isTrue();
        assertThat(table(List.of(r))).containsPattern("scaling\\.workers-2\\s+1234 ev/s\\s+n/a\\s+n/a\\s+-\\s+info");
    }

    @Test
    void jsonIsEscapedAndCarriesRoundsRunFactsAndErrors() {
        Result r = new Result("q\"x", 1.5, "ms", 1.0, "a \"quoted\" \\ label\n", 1.5, Target.ratioAtMost(1.5),
                List.of(1.0, 2.0), List.of(0.5), "tab\there");
        String json = Main.toJson(List.of(r), 0.5, Double.NaN, 12.5, true, List.of("cold: boom"),
                new BenchEnv("k1:9092", "mongodb://user:secret@m1:27017,m2:27017/db").servers());
        assertThat(json).contains("\"name\": \"q\\\"x\"", "\"baselineLabel\": \"a \\\"quoted\\\" \\\\ label\\n\"",
                "\"rounds\": [1.000, 2.000]", "\"baselineRounds\": [0.500]", "\"note\": \"tab\\there\"",
                "\"loadAverageAfter\": null", "\"wallSeconds\": 12.500", "\"quick\": true",
                "\"errors\": [\"cold: boom\"]", "\"target\": \"ratio <= 1.5\"",
                "\"servers\": \"Kafka at k1:9092, MongoDB at m1:27017,m2:27017\"");
        assertThat(json).as("no password in the report").doesNotContain("secret");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
    }

    @Test
    void percentilesAndUnknownScenario() {
        double[] v = {5, 1, 4, 2, 3};
        assertThat(Stats.median(v)).isEqualTo(3);
        assertThat(Stats.percentile(v, 95)).isEqualTo(5);
        assertThat(Stats.percentile(v, 1)).isEqualTo(1);
        assertThat(Stats.percentile(new double[0], 50)).isNaN();
        assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2); // nearest rank: the lower middle
        assertThat(new CommandLine(new Main()).execute("--only", "nothing-like-this")).isEqualTo(2);
        assertThat(new CommandLine(new Main()).execute("--mongo-uri", "http://not-mongo")).as("before any scenario runs")
                .isEqualTo(2);
    }

    @Test
    void everyScenarioHasADistinctName() {
        assertThat(Main.SCENARIOS.stream().map(Scenario::name).distinct()).hasSize(Main.SCENARIOS.size())
                .contains("pool", "dispatcher", "worker", "latency", "cold", "validator", "registry", "scaling",
                        "ledger-encode");
    }
}
