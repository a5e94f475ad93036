package io.faas.examples.cli;

import io.faas.api.PayloadTooLargeException;
import io.faas.core.PythonValidator;
import io.faas.core.ValidationReport;
import io.faas.validation.Validators;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code faas validate FILE...}: prints what pyflakes 2.5.0 prints for each file, findings on
 * standard output as {@code PATH:LINE:COL: MESSAGE}, a syntax error on standard error with the
 * offending line and a caret. Exit 0 when nothing is found, 1 when anything is, 2 on usage errors.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check Python sources without running them; prints pyflakes-style diagnostics.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no problems found", "1:at least one diagnostic", "2:usage error (bad arguments, unreadable file)"})
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Python source files.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--handler", paramLabel = "NAME",
            description = "Also check the function contract: NAME must be a module-level def taking (event, context).")
    String handler;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
                    source = read(f);
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

    /** UTF-8, strictly (pyflakes reports undecodable files), without a byte-order mark. */
    private static String read(Path f) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        String s = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
