package io.faas.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the command in-process and checks what it prints where, and its exit codes. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = FaasCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsFindingsOnStdoutAndSyntaxErrorsOnStderrLikePyflakes() throws Exception {
        Path clean = Files.writeString(dir.resolve("clean.py"), "def handler(event, context):\n    return event\n");
        Path flaky = Files.writeString(dir.resolve("flaky.py"),
                "import os\n\n\ndef handler(event, context):\n    return undefined\n");
        Path broken = Files.writeString(dir.resolve("broken.py"), "def handler(event, context):\n    print \"x\"\n");

        int code = run("validate", clean.toString(), flaky.toString(), broken.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(
                flaky + ":1:1: 'os' imported but unused\n"
                        + flaky + ":5:12: undefined name 'undefined'\n");
        assertThat(err.toString()).isEqualTo(
                broken + ":2:5: Missing parentheses in call to 'print'. Did you mean print(...)?\n"
                        + "    print \"x\"\n"
                        + "    ^\n");
    }

    @Test
    void exitsZeroWhenCleanAndChecksTheContractOnRequest() throws Exception {
        Path clean = Files.writeString(dir.resolve("clean.py"), "def main(event, context):\n    return event\n");
        assertThat(run("validate", clean.toString())).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();

        assertThat(run("validate", "--handler", "handler", clean.toString())).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(clean + ":1:1: handler function 'handler' is not defined\n");
    }

    @Test
    void usageErrorsExitTwoWithAClearMessageAndNoStackTrace() {
        assertThat(run("validate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'").doesNotContain("Exception");

        StringWriter fresh = new StringWriter();
        CommandLine cli = FaasCli.newCommandLine();
        cli.setErr(new PrintWriter(fresh));
        assertThat(cli.execute("validate", dir.resolve("missing.py").toString())).isEqualTo(2);
        assertThat(fresh.toString()).isEqualTo("faas validate: " + dir.resolve("missing.py")
                + ": No such file or directory\n");

        assertThat(run()).isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
    }
}
