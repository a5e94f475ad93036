package io.faas.examples.cli;

import io.faas.api.Diagnostic;
import io.faas.api.PayloadTooLargeException;
import io.faas.core.PythonValidator;
import io.faas.core.ValidationReport;
import io.faas.validation.ValidatorSettings;
import io.faas.validation.Validators;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code faas validate} does: GraalPy's pyflakes over each file, printed as pyflakes prints it;
 * and, as a {@link SourceCheck}, the same for one source at a time before {@code faas functions deploy}.
 * Public for {@link ValidatorLibraries}, which loads it beside GraalPy in a class loader of its own.
 */
public final class PyflakesCheck implements SourceCheck {

    private final PrintWriter out;
    private final PrintWriter err;
    /** One context: the CLI checks one source at a time, and a second would only compete for the cores. */
    private final PythonValidator validator = Validators.graalPy(ValidatorSettings.builder().poolSize(1).build());
    private final Set<String> printed = new HashSet<>();

    public PyflakesCheck(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** 0 when nothing is found, 1 when anything is, 2 when a file cannot be read. */
    public int run(List<Path> files, String handler) {
        List<String> missing = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                missing.add(f + ": " + (Files.exists(f) ? "not a readable file" : "No such file or directory"));
            }
        }
        if (!missing.isEmpty()) {
            missing.forEach(m -> err.println("faas validate: " + m));
            err.flush();
            return 2;
        }
        boolean found = false;
        try (PythonValidator validator = this.validator) {
            validator.start();
            for (Path f : files) {
                String path = f.toString();
                String source;
                try {
                    source = Sources.read(f);
                } catch (CharacterCodingException e) {
                    err.println(path + ": problem decoding source");
                    found = true;
                    continue;
                } catch (IOException e) {
                    err.println("faas validate: " + path + ": " + e.getMessage());
                    err.flush();
                    return 2;
                }
                ValidationReport report;
                try {
                    report = validator.check(path, source);
                } catch (PayloadTooLargeException e) {
                    err.println("faas validate: " + path + ": " + e.getMessage());
                    found = true;
                    continue;
                }
                List<String> stdout = new ArrayList<>(report.pyflakesStdout(path));
                if (handler != null && report.outcome() == ValidationReport.Outcome.CHECKED) {
                    stdout.clear();
                    validator.validateFunction(path, source, handler).forEach(d -> stdout.add(path + ":" + d));
                }
                stdout.forEach(out::println);
                out.flush();
                report.pyflakesStderr(path).forEach(err::println);
                err.flush();
                found |= !stdout.isEmpty() || !report.diagnostics().isEmpty();
            }
        }
        return found ? 1 : 0;
    }

    @Override
    public Findings check(String path, String source, String handler) {
        validator.start();
        List<Diagnostic> diagnostics;
        List<String> stdout = new ArrayList<>();
        List<String> stderr = new ArrayList<>();
        try {
            ValidationReport report = validator.check(path, source);
            diagnostics = report.diagnostics();
            stdout.addAll(report.pyflakesStdout(path));
            stderr.addAll(report.pyflakesStderr(path));
            if (handler != null && report.outcome() == ValidationReport.Outcome.CHECKED) {
                diagnostics = validator.validateFunction(path, source, handler);
                stdout.clear();
                diagnostics.forEach(d -> stdout.add(path + ":" + d));
            }
        } catch (PayloadTooLargeException e) {
            err.println(path + ": " + e.getMessage());
            err.flush();
            return new Findings(1, 0);
        }
        for (String line : stdout) {
            if (printed.add(line)) {
                out.println(line);
            }
        }
        out.flush();
        stderr.forEach(err::println);
        err.flush();
        int errors = (int) diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
        return new Findings(errors, diagnostics.size() - errors);
    }

    @Override
    public void close() {
        validator.close();
    }
}
