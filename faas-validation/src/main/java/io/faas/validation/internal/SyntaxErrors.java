package io.faas.validation.internal;

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
        return report(status, result, source, lines, null);
    }

    /**
     * @param reparse parses another source and returns faas_parse's result; used once to find the
     *                parser error GraalPy hid behind an unclosed bracket (null: don't)
     */
    static ValidationReport report(int status, Value result, String source, SourceLines lines,
                                   java.util.function.Function<String, Value> reparse) {
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
        } else {
            LiteTokenizer.Problem p = LiteTokenizer.firstError(lines);
            if (reparse != null && message.endsWith("was never closed") && p != null
                    && p.kind() == LiteTokenizer.Kind.UNCLOSED) {
                // CPython reports the bracket only if its parser failed on a later line than the
                // bracket's; GraalPy always does. Close the brackets and parse again to find out.
                ValidationReport parserError = parserErrorBehindBracket(source, lines, p, reparse);
                if (parserError != null) {
                    return parserError;
                }
            }
            if (p != null && cpythonReportsTokenizerError(p, message, line, offset)) {
                return error(p.line(), p.col(), p.message(), lines.line(p.line()));
            }
        }
        if (!isTokenizerError(message)) {
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
        } else if (message.equals("unexpected character after line continuation character") && offset > 1) {
            offset--;
        }
        if (message.startsWith("invalid ") && message.contains(" literal") && offset >= 1) {
            int[] at = numberLiteralColumn(lines.line(Math.max(line, 1)), offset - 1, message);
            if (at != null) {
                String l = lines.line(Math.max(line, 1));
                String m = at[1] == 1 ? "invalid imaginary literal" : message;
                return error(Math.max(line, 1), at[0], m, l);
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

    /**
     * Whether CPython 3.11 would report tokenizer problem {@code p} rather than the error GraalPy
     * found at {@code line}/{@code offset}. CPython's parser pulls tokens in order, so a tokenizer
     * error before the parser error wins; after a parser error CPython tokenizes the rest of the
     * file and lets a hard tokenizer error, or a bracket left open since an earlier line, win too.
     */
    private static boolean cpythonReportsTokenizerError(LiteTokenizer.Problem p, String graalMessage,
                                                        int line, int offset) {
        if (graalMessage.endsWith("was never closed")) {
            return true; // GraalPy reached the end of the file; our tokenizer knows what came first
        }
        boolean before = p.line() < line || (p.line() == line && p.col() < offset);
        boolean graalTokenizerError = isTokenizerError(graalMessage);
        return switch (p.kind()) {
            case HARD -> before || !graalTokenizerError;
            case SOFT -> before;
            // Inside a bracket that swallows the following lines, the rules behind these two hints
            // read on to the next line before failing, so CPython compares with a later line.
            case UNCLOSED -> !graalTokenizerError && (p.line() < line
                    || (p.line() == line && LOOKAHEAD_HINTS.contains(graalMessage)));
        };
    }

    private static ValidationReport parserErrorBehindBracket(String source, SourceLines lines,
                                                             LiteTokenizer.Problem bracket,
                                                             java.util.function.Function<String, Value> reparse) {
        String closed = source + (source.endsWith("\n") ? "" : "\n") + LiteTokenizer.closers(lines) + "\n";
        Value again = reparse.apply(closed);
        if (again.getArrayElement(0).asInt() != 1) {
            return null;
        }
        int line = again.getArrayElement(3).asInt();
        String message = again.getArrayElement(2).asString();
        boolean atBracket = line == bracket.line() && again.getArrayElement(4).asInt() == bracket.col()
                && looksLikeMistypedCall(lines.line(bracket.line()), bracket.col() - 1);
        if (line >= lines.lineCount() || line > bracket.line() || atBracket || isTokenizerError(message)) {
            return null; // the parser got past the bracket's line: CPython names the bracket
        }
        SourceLines closedLines = new SourceLines(closed);
        return report(1, again, closed, closedLines, null);
    }

    private static final java.util.Set<String> LOOKAHEAD_HINTS = java.util.Set.of(
            "invalid syntax. Perhaps you forgot a comma?",
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");

    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("False", "None", "True", "and", "as",
            "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
            "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
            "pass", "raise", "return", "try", "while", "with", "yield");

    /**
     * {@code name{name...} in an expression statement: CPython's error pass then reads on past the
     * line (so it names the unclosed bracket), where after a keyword or in a class/import header
     * it stops at the bracket. A heuristic, measured on mutated handlers.
     */
    private static boolean looksLikeMistypedCall(String line, int at) {
        if (line == null || at <= 0 || at + 1 >= line.length()) {
            return false;
        }
        String head = line.strip();
        for (String kw : new String[] {"class", "def", "import", "from"}) {
            if (head.startsWith(kw + " ") || head.startsWith(kw + "(")) {
                return false;
            }
        }
        char before = line.charAt(at - 1);
        if (!Character.isLetterOrDigit(before) && before != '_') {
            return false;
        }
        int end = at + 1;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_')) {
            end++;
        }
        String next = line.substring(at + 1, end);
        return !next.isEmpty() && Character.isLetter(next.charAt(0)) && !KEYWORDS.contains(next);
    }

    /**
     * GraalPy points number-literal errors at the start of the number, CPython at the offending
     * character. Returns {1-based column, 1 if it is really an imaginary literal} or null.
     */
    static int[] numberLiteralColumn(String line, int start, String message) {
        if (line == null || start >= line.length() || !Character.isDigit(line.charAt(start))) {
            return null;
        }
        int end = start;
        while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_'
                || line.charAt(end) == '.')) {
            end++;
        }
        String token = line.substring(start, end);
        int digitAt = message.startsWith("invalid digit") ? token.indexOf(message.charAt(15), 2) : -1;
        if (digitAt > 0) {
            return new int[] {start + digitAt + 1, 0};
        }
        if (message.equals("invalid hexadecimal literal") || message.equals("invalid binary literal")
                || message.equals("invalid octal literal")) {
            return token.length() >= 2 ? new int[] {start + 2, 0} : null;
        }
        if (!message.equals("invalid decimal literal")) {
            return null;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '_' && (i + 1 >= token.length() || !Character.isDigit(token.charAt(i + 1)))) {
                return new int[] {start + i + 1, 0};
            }
            if ((c == 'j' || c == 'J') && i > 0 && i + 1 < token.length()) {
                return new int[] {start + i + 1, 1};
            }
            if (Character.isLetter(c) && c != 'e' && c != 'E' && c != 'j' && c != 'J') {
                return new int[] {start + i, 0};
            }
        }
        return null;
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
                || message.startsWith("expected an indented block") || message.startsWith("unexpected EOF")
                || message.startsWith("unexpected character after line continuation");
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
