package io.faas.testkit.internal;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Names that are valid Kafka topics, group ids and MongoDB database names (no {@code .}, at most
 * 63 bytes) and unique per instance; a random run id separates instances and JVMs.
 */
public final class UniqueNames {
    private static final Pattern PREFIX = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,39}");

    private final String runId;
    private final AtomicLong sequence = new AtomicLong();

    public UniqueNames() {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        this.runId = HexFormat.of().formatHex(random);
    }

    /** {@code prefix-<run id>-<number>}. */
    public String next(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("name prefix " + (prefix == null ? "null" : "'" + prefix + "'")
                    + " must be 1 to 40 letters, digits, '_' or '-', starting with a letter or digit");
        }
        return prefix + "-" + runId + "-" + sequence.incrementAndGet();
    }
}
