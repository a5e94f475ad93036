package io.faas.examples.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code faas completion bash|zsh}: the completion script of every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script.", "bash: source <(faas completion bash)",
            "zsh:  source <(faas completion zsh)"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh (the same script: zsh runs it through bashcompinit).")
    Shell shell;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("faas", spec.root().commandLine());
        // One script for both: under zsh it loads bashcompinit, which runs bash completion functions.
        PrintWriter out = spec.commandLine().getOut();
        out.print(script);
        out.flush();
        return ExitCodes.OK;
    }
}
