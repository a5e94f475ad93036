package io.faas.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code faas} in this JVM, as a user would from a shell whose environment has only
 * {@code FAAS_CONFIG} (a file of the test's own) and what a test adds.
 */
final class Cli {

    /** How one run ended: its exit code and what it printed. */
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private final Map<String, String> variables = new HashMap<>();

    Cli(Path config) {
        variables.put("FAAS_CONFIG", config.toString());
        variables.put("HOME", config.getParent().toString());
    }

    Cli with(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Run run(String... args) {
        return runWithInput("", args);
    }

    Run runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = FaasCli.newCommandLine(new Environment(Map.copyOf(variables),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A writer the test can read while the command still runs ({@code logs --follow}, {@code dev}). */
    static final class Live extends StringWriter {
        synchronized String text() {
            return toString();
        }
    }

    /** Runs until the command returns; what it prints goes to {@code out} and {@code err} as it prints it. */
    int runLive(Live out, Live err, String... args) {
        var cli = FaasCli.newCommandLine(new Environment(Map.copyOf(variables), new ByteArrayInputStream(new byte[0])),
                args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
