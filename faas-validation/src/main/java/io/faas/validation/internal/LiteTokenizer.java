package io.faas.validation.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Enough of CPython 3.11's tokenizer to find the errors it raises itself: unclosed and unmatched
 * brackets, unterminated strings, dedents to an unknown level. CPython reports such errors in
 * preference to most parser errors; GraalPy does not, so the validator asks this class. It also
 * finds where an "unexpected indent" really is (an indented line that no block header opened).
 * Strings follow 3.11 rules: an f-string ends at its first matching quote.
 */
final class LiteTokenizer {
    private LiteTokenizer() {
    }

    /**
     * How CPython's tokenizer raises an error, which decides whether it wins over a parser error.
     */
    enum Kind {
        /** Raised at once as a SyntaxError (unterminated string, unmatched bracket): always reported. */
        HARD,
        /** Flagged to the parser (bad dedent, bad line continuation): reported only if the parser gets there. */
        SOFT,
        /** End of file inside brackets: "was never closed", reported if the bracket opened before the parser error. */
        UNCLOSED
    }

    /** A tokenizer-level error: 1-based line and column, message, kind. */
    record Problem(int line, int col, String message, Kind kind) {
        Problem(int line, int col, String message) {
            this(line, col, message, Kind.HARD);
        }
    }

    private record Open(char bracket, int line, int col) {
    }

    private static final java.util.Set<String> PREFIXES =
            java.util.Set.of("r", "u", "f", "b", "fr", "rf", "br", "rb");

    /** The first tokenizer error in {@code src}, or null. */
    static Problem firstError(SourceLines lines) {
        return scan(lines, false, new ArrayDeque<>());
    }

    /** The closing brackets for every bracket still open at the end of the file, innermost first. */
    static String closers(SourceLines lines) {
        Deque<Open> open = new ArrayDeque<>();
        return scan(lines, false, open) != null && !open.isEmpty() ? closersOf(open) : "";
    }

    private static String closersOf(Deque<Open> open) {
        StringBuilder sb = new StringBuilder();
        for (Open o : open) {
            sb.append(o.bracket() == '(' ? ')' : o.bracket() == '[' ? ']' : '}');
        }
        return sb.toString();
    }

    /** The first line indented where no block was opened, or null. */
    static Problem unexpectedIndent(SourceLines lines) {
        return scan(lines, true, new ArrayDeque<>());
    }

    private static Problem scan(SourceLines lines, boolean wantUnexpectedIndent, Deque<Open> brackets) {
        List<Integer> indents = new ArrayList<>();
        indents.add(0);
        boolean continuation = false;
        char lastSignificant = '\n';
        int count = lines.lineCount();
        for (int ln = 1; ln <= count; ln++) {
            String line = lines.line(ln);
            int i = 0;
            int n = line.length();
            if (brackets.isEmpty() && !continuation) {
                int width = 0;
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\f')) {
                    char c = line.charAt(i);
                    width = c == '\t' ? (width / 8 + 1) * 8 : c == '\f' ? 0 : width + 1;
                    i++;
                }
                // CPython treats a line starting with a comment or a backslash as blank for indentation.
                boolean blank = i >= n || line.charAt(i) == '#' || line.charAt(i) == '\\';
                if (!blank) {
                    int top = indents.get(indents.size() - 1);
                    if (width > top) {
                        if (wantUnexpectedIndent && lastSignificant != ':') {
                            return new Problem(ln, i, "unexpected indent");
                        }
                        indents.add(width);
                    } else if (width < top) {
                        while (indents.size() > 1 && indents.get(indents.size() - 1) > width) {
                            indents.remove(indents.size() - 1);
                        }
                        if (indents.get(indents.size() - 1) != width && !wantUnexpectedIndent) {
                            return new Problem(ln, n + 1, "unindent does not match any outer indentation level", Kind.SOFT);
                        }
                    }
                }
            }
            continuation = false;
            while (i < n) {
                char c = line.charAt(i);
                if (c == '#') {
                    break;
                }
                if (c == '\\') {
                    if (i + 1 >= n) {
                        continuation = true;
                        break;
                    }
                    return wantUnexpectedIndent ? null
                            : new Problem(ln, i + 2, "unexpected character after line continuation character", Kind.SOFT);
                }
                if (c == '\'' || c == '"') {
                    int quoteCol = i;
                    // include a prefix (r, b, f, u combinations) in the reported column
                    int p = i;
                    while (p > 0 && (Character.isLetterOrDigit(line.charAt(p - 1)) || line.charAt(p - 1) == '_')) {
                        p--;
                    }
                    if (!PREFIXES.contains(line.substring(p, i).toLowerCase(java.util.Locale.ROOT))) {
                        p = quoteCol; // a name or keyword before the quote, not a string prefix
                    }
                    int[] end = skipString(lines, ln, i);
                    if (end == null) {
                        boolean triple = i + 2 < n && line.charAt(i + 1) == c && line.charAt(i + 2) == c;
                        String what = triple ? "unterminated triple-quoted string literal" : "unterminated string literal";
                        int detected = triple ? count : ln;
                        if (triple && lines.line(count).isEmpty() && count > ln) {
                            detected = count - 1;
                        }
                        return wantUnexpectedIndent ? null
                                : new Problem(ln, p + 1, what + " (detected at line " + detected + ")");
                    }
                    ln = end[0];
                    line = lines.line(ln);
                    n = line.length();
                    i = end[1];
                    lastSignificant = c;
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') {
                    brackets.push(new Open(c, ln, i));
                } else if (c == ')' || c == ']' || c == '}') {
                    if (brackets.isEmpty()) {
                        return wantUnexpectedIndent ? null : new Problem(ln, i + 1, "unmatched '" + c + "'");
                    }
                    Open open = brackets.pop();
                    char expected = open.bracket() == '(' ? ')' : open.bracket() == '[' ? ']' : '}';
                    if (c != expected && !wantUnexpectedIndent) {
                        String where = open.line() == ln ? "" : " on line " + open.line();
                        return new Problem(ln, i + 1, "closing parenthesis '" + c
                                + "' does not match opening parenthesis '" + open.bracket() + "'" + where);
                    }
                }
                if (c != ' ' && c != '\t' && c != '\f') {
                    lastSignificant = c;
                }
                i++;
            }
        }
        if (!brackets.isEmpty() && !wantUnexpectedIndent) {
            Open open = brackets.peek();
            return new Problem(open.line(), open.col() + 1, "'" + open.bracket() + "' was never closed", Kind.UNCLOSED);
        }
        return null;
    }

    /** Skips the string whose quote is at {@code col} of line {@code ln}: {line, col after it}, or null. */
    private static int[] skipString(SourceLines lines, int ln, int col) {
        String line = lines.line(ln);
        char q = line.charAt(col);
        boolean triple = col + 2 < line.length() && line.charAt(col + 1) == q && line.charAt(col + 2) == q;
        int i = col + (triple ? 3 : 1);
        int count = lines.lineCount();
        while (true) {
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == q) {
                    if (!triple) {
                        return new int[] {ln, i + 1};
                    }
                    if (i + 2 < n && line.charAt(i + 1) == q && line.charAt(i + 2) == q) {
                        return new int[] {ln, i + 3};
                    }
                }
                i++;
            }
            boolean escapedNewline = i == n + 1; // a backslash ended the line
            if (!triple && !escapedNewline) {
                return null;
            }
            if (ln >= count) {
                return null;
            }
            ln++;
            line = lines.line(ln);
            i = 0;
        }
    }
}
