package io.faas.validation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds PEP 484 {@code # type:} comments, the way pyflakes does with {@code tokenize}: it needs only
 * comment tokens, so this scanner just skips string literals. Columns are in code points, as
 * tokenize reports them.
 */
final class TypeComments {
    private TypeComments() {
    }

    record Comment(int line, int col, String text) {
    }

    private static final Pattern QUICK = Pattern.compile("#\\s*type:");
    private static final Pattern TYPE_COMMENT = Pattern.compile("^#\\s*type:\\s*");
    private static final Pattern TYPE_IGNORE;

    static {
        StringBuilder nonAlnum = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            if (!Character.isLetterOrDigit(c)) {
                nonAlnum.append(String.format("\\x%02x", (int) c));
            }
        }
        TYPE_IGNORE = Pattern.compile("^#\\s*type:\\s*ignore([" + nonAlnum + "]|$)");
    }

    /** The type comments of {@code source}, ignores excluded; empty for nearly every file (fast path). */
    static List<Comment> find(String source) {
        if (!QUICK.matcher(source).find()) {
            return List.of();
        }
        List<Comment> out = new ArrayList<>();
        int n = source.length();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && source.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                line++;
                lineStart = i;
            } else if (c == '#') {
                int end = i;
                while (end < n && source.charAt(end) != '\n' && source.charAt(end) != '\r') {
                    end++;
                }
                String text = source.substring(i, end);
                if (TYPE_COMMENT.matcher(text).find() && !TYPE_IGNORE.matcher(text).find()) {
                    out.add(new Comment(line, source.codePointCount(lineStart, i), text));
                }
                i = end;
            } else if (c == '\'' || c == '"') {
                int[] pos = skipString(source, i, line, lineStart);
                i = pos[0];
                line = pos[1];
                lineStart = pos[2];
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                // A name: may be a string prefix (rb, f, u...) -- the quote is handled next round.
                while (i < n && (Character.isLetterOrDigit(source.charAt(i)) || source.charAt(i) == '_')) {
                    i++;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    /** Skips the literal starting at the quote at {@code i}: returns {index after it, line, lineStart}. */
    private static int[] skipString(String s, int i, int line, int lineStart) {
        int n = s.length();
        char q = s.charAt(i);
        boolean triple = i + 2 < n && s.charAt(i + 1) == q && s.charAt(i + 2) == q;
        i += triple ? 3 : 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && (s.charAt(i + 1) == '\n' || s.charAt(i + 1) == '\r')) {
                    line++;
                    i += (s.charAt(i + 1) == '\r' && i + 2 < n && s.charAt(i + 2) == '\n') ? 3 : 2;
                    lineStart = i;
                } else {
                    i += 2;
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                if (!triple) {
                    return new int[] {i, line, lineStart};
                }
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++;
                }
                i++;
                line++;
                lineStart = i;
                continue;
            }
            if (c == q) {
                if (!triple) {
                    return new int[] {i + 1, line, lineStart};
                }
                if (i + 2 < n && s.charAt(i + 1) == q && s.charAt(i + 2) == q) {
                    return new int[] {i + 3, line, lineStart};
                }
            }
            i++;
        }
        return new int[] {i, line, lineStart};
    }
}
