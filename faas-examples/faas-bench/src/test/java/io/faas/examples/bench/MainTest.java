package io.faas.examples.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void tableAndJsonCarryEveryColumn() {
        List<Result> results = List.of(
                new Result("a.fast", 4.5, "ms", 9.0, "cpython", 20),
                new Result("a.slow", 3100, "ms", Double.NaN, "none", 3000));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Main.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), results);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("scenario", "figure", "baseline", "ratio", "target", "result");
        assertThat(table).containsPattern("a\\.fast\\s+4\\.50 ms\\s+9\\.00 ms\\s+0\\.50x\\s+<= 20\\.0 ms\\s+PASS");
        assertThat(table).containsPattern("a\\.slow\\s+3100 ms\\s+n/a\\s+n/a\\s+<= 3000 ms\\s+FAIL");
        String json = Main.toJson(results, 1.0, 2.0);
        assertThat(json).contains("\"name\": \"a.fast\"", "\"ratio\": 0.500", "\"passed\": true", "\"baseline\": null",
                "\"passed\": false", "\"cores\": ");
    }

    @Test
    void percentilesAndUnknownScenario() {
        double[] v = {5, 1, 4, 2, 3};
        assertThat(ValidatorScenario.median(v)).isEqualTo(3);
        assertThat(ValidatorScenario.percentile(v, 95)).isEqualTo(5);
        assertThat(new CommandLine(new Main()).execute("--only", "nothing-like-this")).isEqualTo(2);
    }
}
