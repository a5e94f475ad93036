package io.faas.examples.bench;

import io.faas.core.PythonValidator;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The validator: first validation after {@code start()}, and warm validation of a realistic
 * 200-line handler, against CPython's pyflakes on the same file measured in the same run.
 */
final class ValidatorScenario implements Scenario {

    static final String FILE = "handler_200.py";
    private static final String PYTHON = "/usr/bin/python3";

    @Override
    public String name() {
        return "validator";
    }

    @Override
    public List<Result> run(RunOptions options) throws Exception {
        String source = load();
        int startRounds = options.quick() ? 3 : 5;
        int warmup = options.quick() ? 300 : 1000;
        int runs = options.quick() ? 300 : 2000;

        double[] firsts = new double[startRounds];
        for (int i = 0; i < startRounds; i++) {
            long t0 = System.nanoTime();
            try (PythonValidator v = Validators.graalPy(ValidatorSettings.defaults())) {
                v.start();
                v.validate(FILE, source);
                firsts[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double[] warm = new double[runs];
        try (PythonValidator v = Validators.graalPy(ValidatorSettings.defaults())) {
            v.start();
            for (int i = 0; i < warmup; i++) {
                v.validate(FILE, source);
            }
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                v.validate(FILE, source);
                warm[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Path file = Files.createTempFile("faas-bench-", ".py");
        try {
            Files.writeString(file, source, StandardCharsets.UTF_8);
            double[] cpythonWarm = cpythonInProcess(file, options.quick() ? 200 : 1000);
            double cpythonProcess = cpythonProcess(file, options.quick() ? 3 : 5);
            List<Result> results = new ArrayList<>();
            results.add(new Result("validator.first-after-start", median(firsts), "ms", cpythonProcess,
                    "median wall time of one `python3 -m pyflakes FILE` process", 3000));
            // The first round also pays for a cold JVM (class loading, GraalPy's first engine): a
            // host app's very first start looks like this one.
            results.add(new Result("validator.first-after-start.cold", firsts[0], "ms", cpythonProcess,
                    "median wall time of one `python3 -m pyflakes FILE` process", 3000));
            results.add(new Result("validator.warm-200-lines.p50", percentile(warm, 50), "ms",
                    cpythonWarm == null ? Double.NaN : percentile(cpythonWarm, 50),
                    "CPython 3.11 pyflakes.api.check per call, warm, same file (p50)", 20));
            results.add(new Result("validator.warm-200-lines.p95", percentile(warm, 95), "ms",
                    cpythonWarm == null ? Double.NaN : percentile(cpythonWarm, 95),
                    "CPython 3.11 pyflakes.api.check per call, warm, same file (p95)", 20));
            return results;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static String load() throws IOException {
        try (InputStream in = ValidatorScenario.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Per-call times (ms) of pyflakes' check in one warm CPython process; null if pyflakes is missing. */
    private static double[] cpythonInProcess(Path file, int runs) throws Exception {
        String script = String.join("\n",
                "import sys, time, io",
                "from pyflakes import api, reporter",
                "src = open(sys.argv[1]).read()",
                "rep = reporter.Reporter(io.StringIO(), io.StringIO())",
                "for _ in range(50): api.check(src, 'f.py', rep)",
                "out = []",
                "for _ in range(int(sys.argv[2])):",
                "    t = time.perf_counter(); api.check(src, 'f.py', rep); out.append((time.perf_counter() - t) * 1000)",
                "print(' '.join('%.4f' % x for x in out))");
        List<String> out = exec(List.of(PYTHON, "-c", script, file.toString(), String.valueOf(runs)));
        if (out == null || out.isEmpty()) {
            return null;
        }
        return Arrays.stream(out.get(0).trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Median wall time (ms) of a whole `python3 -m pyflakes FILE` run; NaN if unavailable. */
    private static double cpythonProcess(Path file, int rounds) throws Exception {
        double[] times = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            if (exec(List.of(PYTHON, "-m", "pyflakes", file.toString())) == null) {
                return Double.NaN;
            }
            times[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(times);
    }

    private static List<String> exec(List<String> command) throws Exception {
        if (!Files.isExecutable(Path.of(command.get(0)))) {
            return null;
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || (p.exitValue() != 0 && p.exitValue() != 1)) {
            return null;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains("No module named")) {
            return null;
        }
        return text.lines().toList();
    }

    static double median(double[] values) {
        return Stats.median(values);
    }

    static double percentile(double[] values, double p) {
        return Stats.percentile(values, p);
    }
}
