package io.faas.validation.internal;

/**
 * Checks f-strings by Python 3.11's rules, which GraalPy's 3.12 parser no longer applies: in 3.11 an
 * f-string ends at its first matching quote, and its expressions may not contain a backslash, a
 * comment or a third level of nesting. CPython 3.11 reports these errors just past the literal.
 */
final class FStrings311 {
    private FStrings311() {
    }

    /** The first 3.11 f-string error in the source, or null. */
    static LiteTokenizer.Problem check(SourceLines lines) {
        int count = lines.lineCount();
        for (int ln = 1; ln <= count; ln++) {
            String line = lines.line(ln);
            int n = line.length();
            int i = 0;
            while (i < n) {
                char c = line.charAt(i);
                if (c == '#') {
                    break;
                }
                if (c != '\'' && c != '"') {
                    i++;
                    continue;
                }
                int p = i;
                while (p > 0 && i - p < 2 && "rRbBuUfF".indexOf(line.charAt(p - 1)) >= 0) {
                    p--;
                }
                boolean identifierBefore = p > 0 && (Character.isLetterOrDigit(line.charAt(p - 1)) || line.charAt(p - 1) == '_');
                String prefix = identifierBefore ? "" : line.substring(p, i);
                boolean f = prefix.indexOf('f') >= 0 || prefix.indexOf('F') >= 0;
                boolean triple = i + 2 < n && line.charAt(i + 1) == c && line.charAt(i + 2) == c;
                int start = i + (triple ? 3 : 1);
                StringBuilder content = new StringBuilder();
                int endLine = ln;
                int j = start;
                String cur = line;
                boolean closed = false;
                while (true) {
                    int m = cur.length();
                    while (j < m) {
                        char d = cur.charAt(j);
                        if (d == '\\') {
                            content.append(d);
                            if (j + 1 < m) {
                                content.append(cur.charAt(j + 1));
                            }
                            j += 2;
                            continue;
                        }
                        if (d == c && (!triple || (j + 2 < m && cur.charAt(j + 1) == c && cur.charAt(j + 2) == c))) {
                            closed = true;
                            j += triple ? 3 : 1;
                            break;
                        }
                        content.append(d);
                        j++;
                    }
                    if (closed || endLine >= count || (!triple && !(j == m + 1))) {
                        break;
                    }
                    endLine++;
                    cur = lines.line(endLine);
                    content.append('\n');
                    j = 0;
                }
                if (!closed) {
                    return null; // an unterminated string: the parser reported it already
                }
                if (f) {
                    String error = fstringError(content.toString());
                    if (error != null) {
                        // 3.11 points just past the f-string literal.
                        return new LiteTokenizer.Problem(endLine, SourceLines.utf8Length(cur.substring(0, j)) + 1, error);
                    }
                }
                ln = endLine;
                line = cur;
                n = line.length();
                i = j;
            }
        }
        return null;
    }

    /** The 3.11 error for the body of an f-string literal, or null if 3.11 accepts it. */
    static String fstringError(String s) {
        int[] pos = {0};
        return literal(s, pos, 0, false);
    }

    /** Scans literal text (the whole string, or a format spec when {@code inSpec}) from pos[0]. */
    private static String literal(String s, int[] pos, int depth, boolean inSpec) {
        int n = s.length();
        while (pos[0] < n) {
            char c = s.charAt(pos[0]);
            if (c == '{') {
                if (!inSpec && pos[0] + 1 < n && s.charAt(pos[0] + 1) == '{') {
                    pos[0] += 2;
                    continue;
                }
                pos[0]++;
                String e = expression(s, pos, depth + 1);
                if (e != null) {
                    return e;
                }
                continue;
            }
            if (c == '}') {
                if (inSpec) {
                    return null; // end of the spec: the caller consumes it
                }
                if (pos[0] + 1 < n && s.charAt(pos[0] + 1) == '}') {
                    pos[0] += 2;
                    continue;
                }
                return "f-string: single '}' is not allowed";
            }
            pos[0]++;
        }
        return inSpec ? "f-string: expecting '}'" : null;
    }

    private static String expression(String s, int[] pos, int depth) {
        if (depth > 2) {
            return "f-string: expressions nested too deeply";
        }
        int n = s.length();
        int start = pos[0];
        StringBuilder brackets = new StringBuilder();
        char quote = 0;
        while (pos[0] < n) {
            char c = s.charAt(pos[0]);
            if (c == '\\') {
                return "f-string expression part cannot include a backslash";
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                pos[0]++;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                pos[0]++;
                continue;
            }
            if (c == '#') {
                return "f-string expression part cannot include '#'";
            }
            if (c == '(' || c == '[' || c == '{') {
                brackets.append(c);
                pos[0]++;
                continue;
            }
            if ((c == ')' || c == ']' || c == '}') && brackets.length() > 0) {
                char open = brackets.charAt(brackets.length() - 1);
                char expected = open == '(' ? ')' : open == '[' ? ']' : '}';
                if (c != expected) {
                    return "f-string: closing parenthesis '" + c + "' does not match opening parenthesis '" + open + "'";
                }
                brackets.setLength(brackets.length() - 1);
                pos[0]++;
                continue;
            }
            if (c == ')' || c == ']') {
                return "f-string: unmatched '" + c + "'";
            }
            boolean bang = c == '!' && !(pos[0] + 1 < n && s.charAt(pos[0] + 1) == '=');
            if (brackets.length() == 0 && (c == '}' || c == ':' || bang)) {
                if (s.substring(start, pos[0]).isBlank()) {
                    return "f-string: empty expression not allowed";
                }
                if (bang) {
                    pos[0]++;
                    if (pos[0] >= n) {
                        return "f-string: expecting '}'";
                    }
                    char conv = s.charAt(pos[0]);
                    if (conv != 's' && conv != 'r' && conv != 'a') {
                        return "f-string: invalid conversion character: expected 's', 'r', or 'a'";
                    }
                    pos[0]++;
                    if (pos[0] >= n) {
                        return "f-string: expecting '}'";
                    }
                    c = s.charAt(pos[0]);
                    if (c != ':' && c != '}') {
                        return "f-string: expecting '}'";
                    }
                }
                if (c == ':') {
                    pos[0]++;
                    String e = literal(s, pos, depth, true);
                    if (e != null) {
                        return e;
                    }
                }
                pos[0]++; // the closing brace
                return null;
            }
            pos[0]++;
        }
        if (quote != 0) {
            return "f-string: unterminated string";
        }
        if (brackets.length() > 0) {
            return "f-string: unmatched '" + brackets.charAt(brackets.length() - 1) + "'";
        }
        return "f-string: expecting '}'";
    }
}
