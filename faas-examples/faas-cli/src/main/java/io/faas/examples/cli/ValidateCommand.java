package io.faas.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
        // GraalPy's classes load in PyflakesCheck only: picocli reflects on this class.
        if (ValidatorLibraries.onClassPath()) {
            return new PyflakesCheck(spec.commandLine().getOut(), spec.commandLine().getErr()).run(files, handler);
        }
        return ValidatorLibraries.besideTheCli().check(spec.commandLine().getOut(), spec.commandLine().getErr(), files,
                handler);
    }
}
