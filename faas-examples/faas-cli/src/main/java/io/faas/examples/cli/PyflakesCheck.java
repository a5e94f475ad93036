package io.faas.examples.cli;

import io.faas.api.PayloadTooLargeException;
import io.faas.core.PythonValidator;
import io.faas.core.ValidationReport;
import io.faas.validation.Validators;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code faas validate} does: GraalPy's pyflakes over each file, printed as pyflakes prints it.
 * Public for {@link ValidatorLibraries}, which loads it beside GraalPy in a class loader of its own.
 */
public final class PyflakesCheck {

    private final PrintWriter out;
    private final PrintWriter err;

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
        try (PythonValidator validator = Validators.graalPy()) {
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
}
