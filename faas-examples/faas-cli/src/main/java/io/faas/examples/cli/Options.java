package io.faas.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** Options many commands share, mixed in with {@code @Mixin}. */
final class Options {

    private Options() {
    }

    /** {@code --context NAME}: which admin app a command talks to. */
    static final class Target {

        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--context", paramLabel = "NAME",
                description = "Talk to this context of faas login rather than the current one (or FAAS_URL).")
        String context;

        AdminClient client() {
            return FaasCli.of(mixee).client(context);
        }
    }

    /** {@code --output table|json} of every listing. */
    static final class Output {

        enum Format { table, json }

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table (aligned columns, the default) or json (the admin app's JSON, indented).")
        Format format = Format.table;

        boolean json() {
            return format == Format.json;
        }

        /** With {@code --output json}, prints {@code value} indented and says so; else prints nothing. */
        boolean print(CommandSpec command, Object value) {
            if (!json()) {
                return false;
            }
            command.commandLine().getOut().println(Json.pretty(value));
            command.commandLine().getOut().flush();
            return true;
        }
    }

    /** A noun ({@code faas topics}) given without its verb: a usage error, exit 2. */
    abstract static class Noun implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
        }

        /** Prints one line of what was done; exit 0. */
        int done(String format, Object... args) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(format + "%n", args);
            out.flush();
            return ExitCodes.OK;
        }

        /** Prints a listing; exit 0. */
        int shown(Table table) {
            table.print(spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }
}
