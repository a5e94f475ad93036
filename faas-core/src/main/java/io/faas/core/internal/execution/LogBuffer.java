package io.faas.core.internal.execution;

import java.nio.charset.StandardCharsets;

/**
 * Captured output of one invocation, capped at a number of UTF-8 bytes; once the cap is hit
 * further text is dropped and {@link #truncated()} is set. Thread-safe.
 */
public final class LogBuffer {

    private final int limitBytes;
    private final StringBuilder text = new StringBuilder();
    private int bytes;
    private boolean truncated;

    public LogBuffer(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    public synchronized void append(String s) {
        if (truncated) {
            return;
        }
        int size = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes + size <= limitBytes) {
            text.append(s);
            bytes += size;
            return;
        }
        // Keep whole code points up to the cap.
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int cpBytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + cpBytes > limitBytes) {
                break;
            }
            text.appendCodePoint(cp);
            bytes += cpBytes;
            i += Character.charCount(cp);
        }
        truncated = true;
    }

    public synchronized String text() {
        return text.toString();
    }

    public synchronized boolean truncated() {
        return truncated;
    }
}
