package io.faas.core.internal.execution.python;

import io.faas.api.Diagnostic;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.ServiceUnavailableException;
import io.faas.core.CodeValidators;
import io.faas.core.PythonSettings;
import io.faas.core.PythonValidator;
import io.faas.core.ValidationReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validator faas-core has without faas-validation: CPython's compiler in a warm process. */
class CompileValidatorTest {

    private static PythonValidator validator;

    @BeforeAll
    static void start() {
        validator = CodeValidators.compiler(PythonSettings.defaults(), 1024);
        validator.start();
    }

    @AfterAll
    static void stop() {
        validator.close();
    }

    @Test
    void aCleanFunctionHasNoFindings() {
        assertThat(validator.validateFunction("h.py", "def handler(event, context):\n    return 1\n", "handler"))
                .isEmpty();
    }

    @Test
    void aSyntaxErrorIsReportedAsPyflakesPrintsIt() {
        ValidationReport report = validator.check("h.py", "def handler(event, context):\n    return (1\n");

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.SYNTAX_ERROR);
        assertThat(report.hasErrors()).isTrue();
        assertThat(report.pyflakesStderr("h.py")).containsExactly(
                "h.py:2:12: '(' was never closed", "    return (1", "           ^");
    }

    @Test
    void whatOnlyTheBytecodeCompilerFindsIsASyntaxErrorToo() {
        ValidationReport report = validator.check("h.py", "x = 1\nreturn x\n");

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.SYNTAX_ERROR);
        assertThat(report.diagnostics()).containsExactly(Diagnostic.error(2, 1, "'return' outside function"));
        assertThat(report.errorLine()).contains("return x");
    }

    @Test
    void theHandlerContractIsChecked() {
        assertThat(validator.validateFunction("h.py", "def main(event, context):\n    pass\n", "handler"))
                .containsExactly(Diagnostic.error(1, 1, "handler function 'handler' is not defined"));
        assertThat(validator.validateFunction("h.py", "x = 1\ndef handler(event):\n    pass\n", "handler"))
                .containsExactly(Diagnostic.error(2, 1, "handler function 'handler' must take two positional"
                        + " arguments (event, context), but it takes 1 positional argument"));
        assertThat(validator.validateFunction("h.py", "async def handler(event, context):\n    pass\n", "handler"))
                .containsExactly(Diagnostic.error(1, 1,
                        "handler function 'handler' must be a plain function, not 'async def'"));
        assertThat(validator.validateFunction("h.py", "import json as handler\n", "handler"))
                .containsExactly(Diagnostic.error(1, 1, "handler 'handler' must be a function taking two arguments"
                        + " (event, context), but it is an import"));
        assertThat(validator.validateFunction("h.py", "def handler(*args):\n    pass\n", "handler")).isEmpty();
    }

    @Test
    void sourcesAreNeverRun() {
        assertThat(validator.validateFunction("h.py", "raise SystemExit(3)\ndef handler(event, context):\n    pass\n",
                "handler")).isEmpty();
        // The process is still there to answer.
        assertThat(validator.validate("h.py", "x = 1\n")).isEmpty();
    }

    @Test
    void nulCharactersMakeTheSourceUnreadable() {
        ValidationReport report = validator.check("h.py", "x = 1\u0000\n");

        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.UNREADABLE);
        assertThat(report.pyflakesStderr("h.py")).containsExactly("h.py: problem decoding source");
    }

    @Test
    void tooLargeASourceIsRefusedBeforeItIsSent() {
        assertThatThrownBy(() -> validator.validate("h.py", "#" + "x".repeat(2000)))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void aDeadCheckerIsReplacedAtTheNextCheck() throws Exception {
        try (CompileValidator own = new CompileValidator(PythonSettings.defaults(), 1024, Duration.ofSeconds(10))) {
            own.start();
            assertThat(own.validate("a.py", "x = 1\n")).isEmpty();
            ProcessHandle.current().descendants()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-I")).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
            assertThat(own.validate("a.py", "x = (\n")).hasSize(1);
        }
    }

    @Test
    void withoutAnInterpreterAChecksSaysPythonCannotBeCheckedNow() {
        try (PythonValidator none = CodeValidators.compiler(PythonSettings.builder()
                .applyToWorkerSettings(w -> w.interpreter("/nonexistent/python3")).build(), 1024)) {
            assertThatThrownBy(none::start).hasMessageContaining("/nonexistent/python3");
            assertThatThrownBy(() -> none.validate("a.py", "x = 1\n"))
                    .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("cannot be checked");
        }
    }
}
