package io.faas.validation.internal;

import io.faas.api.Diagnostic;
import io.faas.api.Diagnostic.Severity;
import io.faas.api.PayloadTooLargeException;
import io.faas.core.PythonValidator;
import io.faas.core.ValidationReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class GraalPyValidatorTest {

    private final PythonValidator validator = SharedValidator.get();

    private List<Diagnostic> validate(String source) {
        return validator.validate("handler.py", source);
    }

    @Test
    void cleanCodeHasNoDiagnostics() {
        assertThat(validate("import json\n\ndef handler(event, context):\n    return json.dumps(event)\n")).isEmpty();
        assertThat(validator.validateFunction("h.py", "def handler(event, context):\n    return event\n", "handler"))
                .isEmpty();
    }

    @Test
    void undefinedNamesAndMisplacedStatementsAreErrors() {
        String source = String.join("\n",
                "def f(a, a):",
                "    print(undefined)",
                "    x = 1",
                "    def g():",
                "        print(x)",
                "        x = 2",
                "    *p, *q = a",
                "    try:",
                "        pass",
                "    except:",
                "        pass",
                "    except ValueError:",
                "        pass",
                "return 1",
                "yield 2",
                "break",
                "continue",
                "import sys",
                "from __future__ import annotations",
                "");
        List<Diagnostic> ds = validator.validate("m.py", "def h():\n    return missing\n" + source);
        assertThat(ds).filteredOn(d -> d.severity() == Severity.ERROR).extracting(Diagnostic::message)
                .contains("undefined name 'missing'",
                        "duplicate argument 'a' in function definition",
                        "two starred expressions in assignment",
                        "default 'except:' must be last",
                        "'return' outside function",
                        "'yield' outside function",
                        "'break' outside loop",
                        "'continue' not properly in loop",
                        "from __future__ imports must occur at the beginning of the file",
                        "local variable 'x' defined in enclosing scope on line 5 referenced before assignment");
        assertThat(validator.validate("m.py", "__all__ = ['gone']\n"))
                .extracting(Diagnostic::message, Diagnostic::severity)
                .containsExactly(tuple("undefined name 'gone' in __all__", Severity.ERROR));
    }

    @Test
    void styleProblemsAreWarnings() {
        String source = String.join("\n",
                "import os",
                "import sys",
                "import sys",
                "def f():",
                "    unused = 1",
                "    never_read = 2",
                "    if (1, 2):",
                "        pass",
                "    assert (unused, 'x')",
                "    y = f'plain'",
                "    z = '%s %s' % (1,)",
                "    w = '{} {}'.format(1)",
                "    d = {'a': 1, 'a': 2}",
                "    raise NotImplemented",
                "    return y is 'x', z, w, d",
                "");
        List<Diagnostic> ds = validate(source);
        assertThat(ds).isNotEmpty().allSatisfy(d -> assertThat(d.severity()).isEqualTo(Severity.WARNING));
        assertThat(ds).extracting(Diagnostic::message).contains(
                "'os' imported but unused",
                "redefinition of unused 'sys' from line 2",
                "local variable 'never_read' is assigned to but never used",
                "'if tuple literal' is always true, perhaps remove accidental comma?",
                "assertion is always true, perhaps remove parentheses?",
                "f-string is missing placeholders",
                "'...' % ... has 2 placeholder(s) but 1 substitution(s)",
                "'...'.format(...) is missing argument(s) for placeholder(s): 1",
                "dictionary key 'a' repeated with different values",
                "'raise NotImplemented' should be 'raise NotImplementedError'",
                "use ==/!= to compare constant literals (str, bytes, int, float, tuple)");
    }

    @Test
    void aSyntaxErrorIsTheOnlyDiagnostic() {
        ValidationReport report = validator.check("p.py", "import os\n\nprint \"hello\"\nundefined\n");
        assertThat(report.outcome()).isEqualTo(ValidationReport.Outcome.SYNTAX_ERROR);
        assertThat(report.diagnostics()).containsExactly(
                Diagnostic.error(3, 1, "Missing parentheses in call to 'print'. Did you mean print(...)?"));
        assertThat(report.pyflakesStderr("p.py")).containsExactly(
                "p.py:3:1: Missing parentheses in call to 'print'. Did you mean print(...)?",
                "print \"hello\"",
                "^");
        assertThat(validator.validateFunction("p.py", "def handler(event, context)\n    pass\n", "handler"))
                .containsExactly(Diagnostic.error(1, 28, "expected ':'"));
    }

    @Test
    void indentationAndTabErrorsAreLocatedLikeCPython() {
        assertThat(validate("def f():\n    x = 1\n      y = 2\n"))
                .containsExactly(Diagnostic.error(3, 6, "unexpected indent"));
        assertThat(validate("if x:\n\tpass\n        pass\n"))
                .containsExactly(Diagnostic.error(3, 1, "inconsistent use of tabs and spaces in indentation"));
        assertThat(validate("if x:\n    pass\n  pass\n"))
                .containsExactly(Diagnostic.error(3, 7, "unindent does not match any outer indentation level"));
    }

    @Test
    void contractMissingHandlerIsAnErrorOnLineOneAfterTheOtherFindings() {
        List<Diagnostic> ds = validator.validateFunction("h.py", "import os\n\ndef main(event, context):\n    pass\n",
                "handler");
        assertThat(ds).containsExactly(
                Diagnostic.warning(1, 1, "'os' imported but unused"),
                Diagnostic.error(1, 1, "handler function 'handler' is not defined"));
    }

    @Test
    void contractChecksTheHandlerSignature() {
        assertThat(validator.validateFunction("h.py", "x = 1\n\n\ndef handler(event):\n    return event\n", "handler"))
                .containsExactly(Diagnostic.error(4, 1, "handler function 'handler' must take two positional arguments"
                        + " (event, context), but it takes 1 positional argument"));
        assertThat(validator.validateFunction("h.py", "def handler(a, b, c):\n    return a\n", "handler"))
                .extracting(Diagnostic::line, Diagnostic::severity, Diagnostic::message)
                .containsExactly(tuple(1, Severity.ERROR, "handler function 'handler' must take two positional"
                        + " arguments (event, context), but it requires 3 positional arguments"));
        assertThat(validator.validateFunction("h.py", "def handler(event, context, *, key):\n    return key\n",
                "handler")).extracting(Diagnostic::message).singleElement().asString()
                .contains("keyword-only");
        assertThat(validator.validateFunction("h.py", "class handler:\n    pass\n", "handler"))
                .extracting(Diagnostic::message).containsExactly(
                        "handler 'handler' must be a function taking two arguments (event, context), but it is a class");
        assertThat(validator.validateFunction("h.py", "handler = print\n", "handler"))
                .extracting(Diagnostic::line, Diagnostic::message).containsExactly(tuple(1,
                        "handler 'handler' must be a function taking two arguments (event, context), but it is a variable"));
        assertThat(validator.validateFunction("h.py", "handler: object\n\ndef handler(event, context):\n    pass\n",
                "handler")).isEmpty();
        assertThat(validator.validateFunction("h.py", "async def handler(event, context):\n    return 1\n", "handler"))
                .extracting(Diagnostic::message).singleElement().asString().contains("async def");
    }

    @Test
    void contractAcceptsVarargsAndDefaults() {
        for (String signature : List.of("*args", "event, *rest", "event, context=None", "event, context, extra=1",
                "event, /, context", "event, context, **kwargs", "self=None, event=None, *more")) {
            String source = "def handler(" + signature + "):\n    return locals()\n";
            assertThat(validator.validateFunction("h.py", source, "handler")).as(signature).isEmpty();
        }
    }

    @Test
    void sourcesOverTheLimitAreRefusedBeforeParsing() {
        GraalPyValidator small = new GraalPyValidator(io.faas.validation.ValidatorSettings.builder()
                .maxSourceBytes(10).build());
        // Not started: the size check comes first, so no interpreter is needed to refuse.
        assertThatThrownBy(() -> small.validate("big.py", "x = 'é'  # 12 bytes"))
                .isInstanceOf(PayloadTooLargeException.class)
                .satisfies(e -> {
                    assertThat(((PayloadTooLargeException) e).size()).isEqualTo(20);
                    assertThat(((PayloadTooLargeException) e).limit()).isEqualTo(10);
                });
        assertThatThrownBy(() -> small.validate("ok.py", "x = 'é'"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
        assertThat(GraalPyValidator.utf8Size("aé€😀", 100)).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void defaultLimitIsOneMebibyte() {
        String big = "x = 1\n".repeat(1024 * 1024 / 6 + 1);
        assertThatThrownBy(() -> validator.validate("big.py", big)).isInstanceOf(PayloadTooLargeException.class);
    }
}
