package io.faas.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link io.faas.core.PythonValidator}. Immutable; build with {@link #builder()}.
 *
 * <p>Instances are thread-safe.
 *
 * @since 0.1
 */
public final class ValidatorSettings {

    /** Default limit on a source's size: 1 MiB of UTF-8. */
    public static final long DEFAULT_MAX_SOURCE_BYTES = 1024 * 1024;
    /** Default number of parser contexts kept warm. */
    public static final int DEFAULT_POOL_SIZE = 2;
    /** Default time a validation waits for a free parser context. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    private final long maxSourceBytes;
    private final int poolSize;
    private final Duration acquireTimeout;

    private ValidatorSettings(Builder b) {
        this.maxSourceBytes = b.maxSourceBytes;
        this.poolSize = b.poolSize;
        this.acquireTimeout = b.acquireTimeout;
    }

    /** Settings with every default. */
    public static ValidatorSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code existing}. */
    public static Builder builder(ValidatorSettings existing) {
        Objects.requireNonNull(existing, "existing");
        return new Builder()
                .maxSourceBytes(existing.maxSourceBytes)
                .poolSize(existing.poolSize)
                .acquireTimeout(existing.acquireTimeout);
    }

    /** Sources larger than this many UTF-8 bytes are refused before parsing. */
    public long maxSourceBytes() {
        return maxSourceBytes;
    }

    /**
     * Number of GraalPy contexts, the validations that can run at once: {@code start()} warms the
     * first, the others join in the background.
     */
    public int poolSize() {
        return poolSize;
    }

    /** How long a validation waits for a free context before failing. */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidatorSettings s && s.maxSourceBytes == maxSourceBytes && s.poolSize == poolSize
                && s.acquireTimeout.equals(acquireTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxSourceBytes, poolSize, acquireTimeout);
    }

    @Override
    public String toString() {
        return "ValidatorSettings{maxSourceBytes=" + maxSourceBytes + ", poolSize=" + poolSize
                + ", acquireTimeout=" + acquireTimeout + "}";
    }

    /** Builds {@link ValidatorSettings}; each setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private long maxSourceBytes = DEFAULT_MAX_SOURCE_BYTES;
        private int poolSize = DEFAULT_POOL_SIZE;
        private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;

        private Builder() {
        }

        /** @param bytes at least 1 */
        public Builder maxSourceBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxSourceBytes must be at least 1: " + bytes);
            }
            this.maxSourceBytes = bytes;
            return this;
        }

        /** @param size between 1 and 64 */
        public Builder poolSize(int size) {
            if (size < 1 || size > 64) {
                throw new IllegalArgumentException("poolSize must be between 1 and 64: " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** @param timeout positive */
        public Builder acquireTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "acquireTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("acquireTimeout must be positive: " + timeout);
            }
            this.acquireTimeout = timeout;
            return this;
        }

        public ValidatorSettings build() {
            return new ValidatorSettings(this);
        }
    }
}
