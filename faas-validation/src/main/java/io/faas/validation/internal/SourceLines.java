package io.faas.validation.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Line starts of a source text, and the code-point to UTF-8 column mapping. */
final class SourceLines {
    private final String source;
    private int[] starts = new int[64];
    private int count;
    private final boolean ascii;

    SourceLines(String source) {
        this.source = source;
        boolean onlyAscii = true;
        starts[count++] = 0;
        int n = source.length();
        for (int i = 0; i < n; i++) {
            char c = source.charAt(i);
            if (c > 0x7f) {
                onlyAscii = false;
            }
            if (c == '\n' || (c == '\r' && (i + 1 >= n || source.charAt(i + 1) != '\n'))) {
                add(i + 1);
            }
        }
        this.ascii = onlyAscii;
    }

    private void add(int start) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = start;
    }

    int lineCount() {
        return count;
    }

    /** The text of 1-based {@code line} without its line break, or null past the end. */
    String line(int line) {
        if (line < 1 || line > count) {
            return null;
        }
        int start = starts[line - 1];
        int end = line < count ? starts[line] : source.length();
        while (end > start && (source.charAt(end - 1) == '\n' || source.charAt(end - 1) == '\r')) {
            end--;
        }
        return source.substring(start, end);
    }

    /** Turns a code-point column on 1-based {@code line} into a UTF-8 byte column. */
    int byteColumn(int line, int codePoints) {
        if (ascii || line < 1 || line > count || codePoints <= 0) {
            return codePoints;
        }
        int start = starts[line - 1];
        int end = line < count ? starts[line] : source.length();
        int bytes = 0;
        int i = start;
        for (int k = 0; k < codePoints && i < end; k++) {
            int cp = source.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** Number of UTF-8 bytes of {@code s}. */
    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
