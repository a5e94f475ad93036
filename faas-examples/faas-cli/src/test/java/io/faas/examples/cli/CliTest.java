package io.faas.examples.cli;

import io.faas.examples.cli.Cli.Run;
import io.faas.examples.cli.Contexts.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the CLI does without an admin app: arguments, help, JSON, tables, the config file. */
class CliTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelpWithTheExitCodes() {
        Cli cli = new Cli(dir.resolve("config"));
        for (List<String> command : List.<List<String>>of(List.of(), List.of("login"), List.of("context", "list"),
                List.of("topics", "create"), List.of("functions", "deploy"), List.of("functions", "rollback"),
                List.of("publish"), List.of("invocations", "list"), List.of("logs"), List.of("dev"),
                List.of("completion"))) {
            String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);
            Run help = cli.run(args);
            assertThat(help.code()).as(command.toString()).isZero();
            assertThat(help.out()).as(command.toString()).contains("Usage: faas", "Exit codes:",
                    "3   admin app not reachable, or token missing or refused");
        }
        assertThat(cli.run("validate", "--help").out()).contains("1   at least one diagnostic");
        assertThat(cli.run("functions", "deploy", "--help").out()).contains("--no-validate", "Skip the local check");
    }

    @Test
    void usageErrorsExitTwoWithoutAStackTrace() {
        Cli cli = new Cli(dir.resolve("config"));
        for (String[] args : List.of(new String[] {"functions"}, new String[] {"topics", "create"},
                new String[] {"publish", "t"}, new String[] {"logs", "f", "--since", "yesterday"},
                new String[] {"invocations", "list", "--status", "LOST"}, new String[] {"functions", "frobnicate"})) {
            Run r = cli.run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).doesNotContain("Exception", "\tat ");
        }
        Run dev = cli.run("dev", "--admin-jar", dir.resolve("missing.jar").toString());
        assertThat(dev.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(dev.err()).isEqualTo("faas: --admin-jar: " + dir.resolve("missing.jar") + ": No such file\n");
    }

    @Test
    void jsonReadsWhatItWrites() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        value.put("numbers", List.of(1, 12345678901L, new BigDecimal("0.25")));
        value.put("flags", List.of(true, false));
        value.put("nothing", null);
        value.put("empty", Map.of());
        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
        assertThat(Json.parse(Json.pretty(value))).isEqualTo(value);
        assertThat(Json.pretty(Map.of("a", List.of(1)))).isEqualTo("{\n  \"a\": [\n    1\n  ]\n}");
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(Json.InvalidJsonException.class)
                .hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> Json.parse("[1] [2]")).hasMessageContaining("unexpected text after the JSON value");
        assertThatThrownBy(() -> Json.parse("  ")).hasMessageContaining("empty");
    }

    @Test
    void durationsAreShortOrIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("more than zero");
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void errorRatesReadAsTheFormatterWritesThem() {
        java.util.Random random = new java.util.Random(16);
        for (int i = 0; i < 100_000; i++) {
            double rate = i < 1000 ? i / 1000.0 : i < 2000 ? (i - 1000) / 20000.0 : random.nextDouble();
            assertThat(FunctionsCommand.percent(rate)).as("%s", rate)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%", rate * 100));
        }
    }

    @Test
    void tablesAlignTheirColumns() {
        StringWriter out = new StringWriter();
        new Table("NAME", "N", "NOTE").row("a", 1, "x").row("longer", 22, null).print(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo("NAME    N   NOTE\na       1   x\nlonger  22\n");
    }

    @Test
    void contextsAreSavedWithMode600AndReadBack() throws Exception {
        Path file = dir.resolve("sub").resolve("config");
        Contexts contexts = Contexts.load(file);
        contexts.put(new Context("local", "http://localhost:8080", "faas_secret=:#!token"));
        contexts.put(new Context("prod", "https://faas.example.com", "faas_other"));
        contexts.use("local");
        contexts.save();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        Contexts read = Contexts.load(file);
        assertThat(read.current()).contains(new Context("local", "http://localhost:8080", "faas_secret=:#!token"));
        assertThat(read.list()).extracting(Context::name).containsExactly("local", "prod");
        assertThat(read.current().orElseThrow().toString()).doesNotContain("faas_secret");
        assertThatThrownBy(() -> read.put(new Context("no spaces", "http://x", "t"))).isInstanceOf(CliException.class);
        assertThat(LoginCommand.defaultName("http://127.0.0.1:8080")).isEqualTo("127-0-0-1-8080");
    }
}
