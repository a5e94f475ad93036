package io.faas.core.internal.validation;

import io.faas.api.Diagnostic;
import io.faas.core.ValidationReport;
import org.graalvm.polyglot.Value;

import java.util.List;

/**
 * Turns GraalPy's parse failures into the single diagnostic pyflakes prints on CPython 3.11, and
 * refuses the syntax Python 3.12 added (GraalPy parses 3.12; uploads must run on 3.11 too).
 */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    static final String DECODE_PROBLEM = "problem decoding source";

    static ValidationReport report(int status, Value result, String source, SourceLines lines) {
        if (status == 2 || (status == 1 && result.getArrayElement(2).asString().contains("null bytes"))) {
            return unreadable();
        }
        if (status == 3) {
            return error(1, 1, "too many nested parentheses", lines.line(1));
        }
        String type = result.getArrayElement(1).asString();
        String message = result.getArrayElement(2).asString();
        int line = result.getArrayElement(3).asInt();
        int offset = result.getArrayElement(4).asInt();
        Value textValue = result.getArrayElement(5);
        String text = textValue.isNull() ? null : textValue.asString();
        if (type.equals("IndentationError") && message.equals("unexpected indent")) {
            int[] at = Indentation.unexpectedIndent(lines);
            if (at != null) {
                return error(at[0], at[1], message, lines.line(at[0]));
            }
        }
        String shown = null;
        if (text != null) {
            List<String> split = text.lines().toList();
            shown = split.isEmpty() ? "" : split.get(split.size() - 1);
        }
        return error(Math.max(line, 1), offset < 0 ? 0 : Math.max(offset, 1), message, shown);
    }

    static ValidationReport unreadable() {
        return new ValidationReport(ValidationReport.Outcome.UNREADABLE,
                List.of(Diagnostic.error(1, 0, DECODE_PROBLEM)), null);
    }

    static ValidationReport error(int line, int col, String message, String text) {
        return new ValidationReport(ValidationReport.Outcome.SYNTAX_ERROR,
                List.of(Diagnostic.error(line, col, message)), text);
    }

    /** A syntax error for 3.12-only syntax in a tree GraalPy accepted, or null. */
    static ValidationReport newerSyntax(PyNode module, String source, SourceLines lines) {
        return NewerSyntax.find(module, source, lines);
    }
}
