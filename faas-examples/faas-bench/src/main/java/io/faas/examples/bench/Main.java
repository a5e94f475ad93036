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
 * The benchmark harness: runs the scenarios on an embedded Kafka broker and MongoDB-wire server,
 * prints a table (name, figure, baseline, ratio, target, pass/fail) and writes
 * {@code bench-results.json}. Exit code 0 when every row meets its target, 1 otherwise, 2 on
 * usage errors.
 *
 * @since 0.1
 */
@Command(name = "faas-bench", mixinStandardHelpOptions = true, description = "Runs faas' benchmark scenarios.")
public final class Main implements Callable<Integer> {

    /** Every scenario, in run order. */
    static final List<Scenario> SCENARIOS = List.of(
            new PoolVsProcessScenario(),
            new DispatcherScenario(),
            new WorkerOverheadScenario(),
            new SandboxScenario(),
            new LatencyScenario(),
            new ColdStartScenario(),
            new ValidatorScenario(),
            new RegistryChangeScenario(),
            new ScalingScenario(),
            new ShareGroupScenario(),
            new EmbeddedLedgerScenario(),
            new LedgerEncodeScenario(),
            new LedgerPagesScenario(),
            new FilterScenario(),
            new BatchScenario(),
            new ReplayScenario());

    @Option(names = "--quick", description = "Fewer rounds and events: the whole run takes about 4 minutes on 2 cores.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write bench-results.json (default: .).")
    Path out = Path.of(".");

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Run only the scenarios with these names (or prefixes), comma-separated.")
    List<String> only;

    @Option(names = "--kafka-bootstrap-servers", paramLabel = "HOSTS",
            description = "Run on this Kafka cluster instead of the embedded broker.")
    String kafkaBootstrapServers;

    @Option(names = "--mongo-uri", paramLabel = "URI",
            description = "Run on this MongoDB server instead of the embedded MongoDB-wire server.")
    String mongoUri;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        List<Scenario> chosen = SCENARIOS.stream().filter(this::chosen).toList();
        if (chosen.isEmpty()) {
            System.err.println("faas-bench: no scenario named " + only + "; known: "
                    + SCENARIOS.stream().map(Scenario::name).toList());
            return 2;
        }
        BenchEnv servers;
        try {
            servers = new BenchEnv(kafkaBootstrapServers, mongoUri);
        } catch (IllegalArgumentException e) {
            System.err.println("faas-bench: --mongo-uri is not a MongoDB connection string: " + e.getMessage());
            return 2;
        }
        double loadBefore = loadAverage();
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (BenchEnv env = servers) {
            Scenario.RunOptions options = new Scenario.RunOptions(quick, env);
            for (Scenario s : chosen) {
                long t0 = System.nanoTime();
                console.println("running " + s.name() + (quick ? " (quick)" : "") + " ...");
                try {
                    List<Result> rows = s.run(options);
                    results.addAll(rows);
                    for (Result r : rows) {
                        console.println("  " + r.name() + ": " + Result.format(r.figure()) + " " + r.unit()
                                + (Double.isNaN(r.ratio()) ? "" : " (" + Result.format(r.ratio()) + "x baseline)"));
                    }
                } catch (Exception e) {
                    // One broken scenario must not hide the others' figures; it fails the run.
                    errors.add(s.name() + ": " + e);
                    console.println("  " + s.name() + " FAILED: " + e);
                    e.printStackTrace(console);
                }
                console.printf(Locale.ROOT, "  (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double loadAfter = loadAverage();
        console.println();
        printTable(console, results);
        for (String error : errors) {
            console.println("scenario error: " + error);
        }
        console.printf(Locale.ROOT, "machine: %d cores, load average %.2f before / %.2f after, java %s; wall time %.0f s%s%n",
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, System.getProperty("java.version"),
                seconds, quick ? " (--quick)" : "");
        console.println("servers: " + servers.servers());
        Files.createDirectories(out);
        Path json = out.resolve("bench-results.json");
        Files.writeString(json, toJson(results, loadBefore, loadAfter, seconds, quick, errors,
                servers.servers()), StandardCharsets.UTF_8);
        console.println("wrote " + json);
        return errors.isEmpty() && results.stream().allMatch(Result::passed) ? 0 : 1;
    }

    private boolean chosen(Scenario s) {
        return only == null || only.stream().anyMatch(o -> s.name().equals(o) || s.name().startsWith(o));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static void printTable(PrintStream ps, List<Result> results) {
        int nameWidth = Math.max(8, results.stream().mapToInt(r -> r.name().length()).max().orElse(8));
        String fmt = "%-" + nameWidth + "s %13s %13s %8s %12s  %s%n";
        ps.printf(Locale.ROOT, fmt, "scenario", "figure", "baseline", "ratio", "target", "result");
        for (Result r : results) {
            ps.printf(Locale.ROOT, fmt, r.name(), Result.format(r.figure()) + " " + r.unit(),
                    Double.isNaN(r.baseline()) ? "n/a" : Result.format(r.baseline()) + " " + r.unit(),
                    Double.isNaN(r.ratio()) ? "n/a" : Result.format(r.ratio()) + "x",
                    r.target().describe(r.unit()), !r.hasTarget() ? "info" : r.passed() ? "PASS" : "FAIL");
        }
        List<String> seen = new ArrayList<>();
        for (Result r : results) {
            if (!Double.isNaN(r.baseline()) && !r.baselineLabel().isEmpty() && !seen.contains(r.baselineLabel())) {
                seen.add(r.baselineLabel());
                ps.println("  baseline of " + r.name() + ": " + r.baselineLabel());
            }
        }
    }

    static String toJson(List<Result> results, double loadBefore, double loadAfter) {
        return toJson(results, loadBefore, loadAfter, Double.NaN, false, List.of(), new BenchEnv().servers());
    }

    static String toJson(List<Result> results, double loadBefore, double loadAfter, double wallSeconds, boolean quick,
                         List<String> errors, String servers) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"generatedAt\": \"").append(Instant.now()).append("\",\n");
        sb.append("  \"quick\": ").append(quick).append(",\n");
        sb.append("  \"wallSeconds\": ").append(num(wallSeconds)).append(",\n");
        sb.append("  \"machine\": {\"cores\": ").append(Runtime.getRuntime().availableProcessors())
                .append(", \"loadAverageBefore\": ").append(num(loadBefore))
                .append(", \"loadAverageAfter\": ").append(num(loadAfter))
                .append(", \"java\": ").append(str(System.getProperty("java.version"))).append("},\n");
        sb.append("  \"servers\": ").append(str(servers)).append(",\n");
        sb.append("  \"errors\": [");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(str(errors.get(i)));
        }
        sb.append("],\n");
        sb.append("  \"results\": [\n");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            sb.append("    {\"name\": ").append(str(r.name()))
                    .append(", \"figure\": ").append(num(r.figure()))
                    .append(", \"unit\": ").append(str(r.unit()))
                    .append(", \"baseline\": ").append(num(r.baseline()))
                    .append(", \"baselineLabel\": ").append(str(r.baselineLabel()))
                    .append(", \"ratio\": ").append(num(r.ratio()))
                    .append(", \"target\": ").append(str(r.target().expression()))
                    .append(", \"targetValue\": ").append(num(r.target().value()))
                    .append(", \"passed\": ").append(r.passed())
                    .append(", \"rounds\": ").append(nums(r.rounds()))
                    .append(", \"baselineRounds\": ").append(nums(r.baselineRounds()))
                    .append(", \"note\": ").append(str(r.note()))
                    .append('}').append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    private static String nums(List<Double> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(num(values.get(i)));
        }
        return sb.append(']').toString();
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }
}
