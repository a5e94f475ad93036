package io.faas.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code faas} command line.
 *
 * <pre>
 * java -jar faas-cli.jar validate handler.py other.py
 * </pre>
 *
 * @since 0.1
 */
@Command(name = "faas", mixinStandardHelpOptions = true, version = "faas 0.1",
        description = "Tools for faas functions.",
        subcommands = {ValidateCommand.class, CommandLine.HelpCommand.class})
public final class FaasCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** A command line with faas' exit codes: 2 for usage errors, also when no subcommand is given. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new FaasCli());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
