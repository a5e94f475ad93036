package io.faas.examples.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The benchmark harness: runs the scenarios, prints a table (name, figure, baseline, ratio,
 * target, pass/fail) and writes {@code bench-results.json}. Exit code 0 when every row passes, 1
 * otherwise, 2 on usage errors.
 *
 * @since 0.1
 */
@Command(name = "faas-bench", mixinStandardHelpOptions = true, description = "Runs faas' benchmark scenarios.")
public final class Main implements Callable<Integer> {

    /** Every scenario, in run order. */
    static final List<Scenario> SCENARIOS = List.of(new ValidatorScenario());

    @Option(names = "--quick", description = "Fewer rounds: well under a minute per scenario.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write bench-results.json (default: .).")
    Path out = Path.of(".");

    @Option(names = "--only", paramLabel = "NAME", description = "Run only the scenario with this name (or prefix).")
    String only;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        List<Scenario> chosen = SCENARIOS.stream()
                .filter(s -> only == null || s.name().equals(only) || s.name().startsWith(only))
                .toList();
        if (chosen.isEmpty()) {
            System.err.println("faas-bench: no scenario named " + only + "; known: "
                    + SCENARIOS.stream().map(Scenario::name).toList());
            return 2;
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Result> results = new ArrayList<>();
        for (Scenario s : chosen) {
            console.println("running " + s.name() + (quick ? " (quick)" : "") + " ...");
            results.addAll(s.run(new Scenario.RunOptions(quick)));
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        printTable(console, results);
        console.printf(Locale.ROOT, "machine: %d cores, load average %.2f before / %.2f after, java %s%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, System.getProperty("java.version"));
        Files.createDirectories(out);
        Path json = out.resolve("bench-results.json");
        Files.writeString(json, toJson(results, loadBefore, loadAfter), StandardCharsets.UTF_8);
        console.println("wrote " + json);
        return results.stream().allMatch(Result::passed) ? 0 : 1;
    }

    static void printTable(PrintStream ps, List<Result> results) {
        String fmt = "%-34s %10s %10s %7s %10s  %s%n";
        ps.printf(Locale.ROOT, fmt, "scenario", "figure", "baseline", "ratio", "target", "result");
        for (Result r : results) {
            ps.printf(Locale.ROOT, fmt, r.name(), Result.format(r.figure()) + " " + r.unit(),
                    Double.isNaN(r.baseline()) ? "n/a" : Result.format(r.baseline()) + " " + r.unit(),
                    Double.isNaN(r.ratio()) ? "n/a" : Result.format(r.ratio()) + "x",
                    "<= " + Result.format(r.target()) + " " + r.unit(), r.passed() ? "PASS" : "FAIL");
        }
        for (Result r : results) {
            if (!Double.isNaN(r.baseline())) {
                ps.println("  baseline of " + r.name() + ": " + r.baselineLabel());
            }
        }
    }

    static String toJson(List<Result> results, double loadBefore, double loadAfter) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"generatedAt\": \"").append(Instant.now()).append("\",\n");
        sb.append("  \"machine\": {\"cores\": ").append(Runtime.getRuntime().availableProcessors())
                .append(", \"loadAverageBefore\": ").append(num(loadBefore))
                .append(", \"loadAverageAfter\": ").append(num(loadAfter))
                .append(", \"java\": \"").append(System.getProperty("java.version")).append("\"},\n");
        sb.append("  \"results\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sb.append("    {\"name\": \"").append(r.name()).append("\", \"figure\": ").append(num(r.figure()))
                    .append(", \"unit\": \"").append(r.unit()).append("\", \"baseline\": ").append(num(r.baseline()))
                    .append(", \"baselineLabel\": \"").append(r.baselineLabel().replace("\"", "'"))
                    .append("\", \"ratio\": ").append(num(r.ratio())).append(", \"target\": ").append(num(r.target()))
                    .append(", \"passed\": ").append(r.passed()).append('}')
                    .append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }
}
