package io.faas.validation.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsers for {@code str.format} and {@code %} format strings, written to fail on exactly the inputs
 * where CPython's own parsers fail, with the same error texts.
 */
final class FormatStrings {
    private FormatStrings() {
    }

    /** A replacement field of a {@code str.format} string: its name and spec (spec null when absent). */
    record Field(String name, String spec) {
    }

    /** Thrown with CPython's ValueError text. */
    static final class FormatError extends Exception {
        private static final long serialVersionUID = 1L;

        FormatError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The replacement fields of {@code s}, as {@code string.Formatter().parse} yields them (literal-only
     * chunks are left out).
     */
    static List<Field> braceFields(String s) throws FormatError {
        List<Field> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = 0;
            boolean markup = false;
            while (i < n) {
                c = s.charAt(i++);
                if (c == '{' || c == '}') {
                    markup = true;
                    break;
                }
            }
            boolean atEnd = i >= n;
            if (markup && c == '}' && (atEnd || s.charAt(i) != '}')) {
                throw new FormatError("Single '}' encountered in format string");
            }
            if (markup && atEnd && c == '{') {
                throw new FormatError("Single '{' encountered in format string");
            }
            if (!markup) {
                break;
            }
            if (s.charAt(i) == c) {
                i++; // escaped brace: literal text only
                continue;
            }
            // parse the field: name up to ':' '!' or '}'
            int nameStart = i;
            char d = 0;
            boolean closed = false;
            while (i < n) {
                d = s.charAt(i++);
                if (d == '{') {
                    throw new FormatError("unexpected '{' in field name");
                }
                if (d == '[') {
                    while (i < n && s.charAt(i) != ']') {
                        i++;
                    }
                    continue;
                }
                if (d == '}' || d == ':' || d == '!') {
                    closed = true;
                    break;
                }
            }
            if (!closed) {
                throw new FormatError("expected '}' before end of string");
            }
            String name = s.substring(nameStart, i - 1);
            if (d == '}') {
                out.add(new Field(name, ""));
                continue;
            }
            if (d == '!') {
                if (i >= n) {
                    throw new FormatError("end of string while looking for conversion specifier");
                }
                i++; // the conversion character
                if (i < n) {
                    char e = s.charAt(i++);
                    if (e == '}') {
                        out.add(new Field(name, ""));
                        continue;
                    }
                    if (e != ':') {
                        throw new FormatError("expected ':' after conversion specifier");
                    }
                }
            }
            int specStart = i;
            int depth = 1;
            boolean done = false;
            while (i < n) {
                char e = s.charAt(i++);
                if (e == '{') {
                    depth++;
                } else if (e == '}') {
                    depth--;
                    if (depth == 0) {
                        out.add(new Field(name, s.substring(specStart, i - 1)));
                        done = true;
                        break;
                    }
                }
            }
            if (!done) {
                throw new FormatError("unmatched '{' in format spec");
            }
        }
        return out;
    }

    /** One {@code %} placeholder. {@code key} null when there is no {@code (key)}. */
    record Percent(String key, String width, String precision, char conversion) {
    }

    /** The placeholders of a {@code %} format string; throws when it ends inside a placeholder. */
    static List<Percent> percentFields(String s) throws FormatError {
        List<Percent> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (true) {
            int pct = s.indexOf('%', i);
            if (pct < 0) {
                return out;
            }
            i = pct + 1;
            String key = null;
            if (i < n && s.charAt(i) == '(') {
                int j = i + 1;
                while (j < n && s.charAt(j) != '(' && s.charAt(j) != ')') {
                    j++;
                }
                if (j < n && s.charAt(j) == ')') {
                    key = s.substring(i + 1, j);
                    i = j + 1;
                }
            }
            while (i < n && "#0+ -".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            int w = i;
            if (i < n && s.charAt(i) == '*') {
                i++;
            } else {
                while (i < n && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
            String width = i > w ? s.substring(w, i) : null;
            int p = i;
            if (i < n && s.charAt(i) == '.') {
                i++;
                if (i < n && s.charAt(i) == '*') {
                    i++;
                } else {
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
            }
            String precision = i > p ? s.substring(p, i) : null;
            if (i < n && "hlL".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                throw new FormatError("end-of-string while parsing format");
            }
            out.add(new Percent(key, width, precision, s.charAt(i)));
            i++;
        }
    }
}
