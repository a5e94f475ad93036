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

    /** Messages Python 3.12 reworded: 3.11's words, which pyflakes prints. */
    private static final java.util.Map<String, String> MESSAGES_311 = java.util.Map.of(
            "parameter without a default follows parameter with a default",
            "non-default argument follows default argument");

    static ValidationReport report(int status, Value result, String source, SourceLines lines) {
        // pyflakes prints "problem decoding source" for any parse failure that is not a SyntaxError:
        // NUL characters (a ValueError on 3.11), or recursion limits on absurdly nested code.
        if (status == 2 || status == 3 || (status == 1 && result.getArrayElement(2).asString().contains("null bytes"))) {
            return unreadable();
        }
        String type = result.getArrayElement(1).asString();
        String message = result.getArrayElement(2).asString();
        int line = result.getArrayElement(3).asInt();
        int offset = result.getArrayElement(4).asInt();
        Value textValue = result.getArrayElement(5);
        String text = textValue.isNull() ? null : textValue.asString();
        if (source.indexOf('{') >= 0) {
            // 3.11 tokenizes an f-string as one string and fails on it before anything after it.
            LiteTokenizer.Problem f = FStrings311.check(lines);
            if (f != null && f.line() <= Math.max(line, 1)) {
                return error(f.line(), f.col(), f.message(), lines.line(f.line()));
            }
        }
        if (message.equals("unexpected indent")) {
            LiteTokenizer.Problem p = LiteTokenizer.unexpectedIndent(lines);
            if (p != null) {
                return error(p.line(), p.col(), message, lines.line(p.line()));
            }
        } else if (!isTokenizerError(message)) {
            // CPython re-tokenizes the rest of the file after a parser error and reports a
            // tokenizer error instead, when it finds one.
            LiteTokenizer.Problem p = LiteTokenizer.firstError(lines);
            if (p != null && p.line() >= Math.min(line, p.line())) {
                return error(p.line(), p.col(), p.message(), lines.line(p.line()));
            }
            if (message.equals("expected ':'")) {
                int[] at = afterPreviousToken(lines, line, offset);
                if (at != null) {
                    return error(at[0], at[1], message, lines.line(at[0]));
                }
            }
            if (restIsBlank(lines, line) && offset - 1 < indentation(lines.line(line))) {
                // GraalPy's "column 0" at the end of the file: CPython points after the last token.
                String l = lines.line(line);
                return error(line, SourceLines.utf8Length(l) + 1, message, l);
            }
        } else if (message.equals("unindent does not match any outer indentation level")) {
            String l = lines.line(line);
            if (l != null) {
                return error(line, l.length() + 1, message, l);
            }
        }
        message = MESSAGES_311.getOrDefault(message, message);
        if (message.startsWith("f-string")) {
            // 3.11 reports f-string errors after the end of the line, in its own words.
            message = message.replaceFirst("invalid conversion character '.*?': ", "invalid conversion character: ")
                    .replace("valid expression required before '}'", "empty expression not allowed");
            String l = lines.line(Math.max(line, 1));
            if (l != null) {
                return error(Math.max(line, 1), SourceLines.utf8Length(l) + 1, message, l);
            }
        }
        String shown = null;
        if (text != null) {
            List<String> split = text.lines().toList();
            shown = split.isEmpty() ? "" : split.get(split.size() - 1);
        }
        return error(Math.max(line, 1), offset < 0 ? 0 : Math.max(offset, 1), message, shown);
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\f')) {
            i++;
        }
        return i;
    }

    /** Whether only blank lines follow {@code line}: the parser failed at the end of the file. */
    private static boolean restIsBlank(SourceLines lines, int line) {
        String l = lines.line(line);
        if (l == null || l.isBlank()) {
            return false;
        }
        for (int i = line + 1; i <= lines.lineCount(); i++) {
            if (!lines.line(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenizerError(String message) {
        return message.startsWith("unterminated ") || message.endsWith("was never closed")
                || message.startsWith("unmatched '") || message.startsWith("closing parenthesis")
                || message.startsWith("unindent does not match") || message.startsWith("inconsistent use of tabs")
                || message.startsWith("invalid character") || message.startsWith("invalid non-printable")
                || message.contains("literal") || message.startsWith("unexpected unindent")
                || message.startsWith("expected an indented block") || message.startsWith("unexpected EOF");
    }

    /**
     * CPython puts "expected ':'" right after the last token of the header; GraalPy at the next
     * token. When GraalPy's position starts a line, move it back to the end of the previous code.
     */
    private static int[] afterPreviousToken(SourceLines lines, int line, int offset) {
        String l = lines.line(line);
        if (l == null || offset < 1 || !l.substring(0, Math.min(offset - 1, l.length())).isBlank()) {
            return null;
        }
        for (int prev = line - 1; prev >= 1; prev--) {
            String p = lines.line(prev);
            int hash = p.indexOf('#');
            String code = (hash >= 0 ? p.substring(0, hash) : p).stripTrailing();
            if (!code.isBlank()) {
                return new int[] {prev, code.length() + 1};
            }
        }
        return null;
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
