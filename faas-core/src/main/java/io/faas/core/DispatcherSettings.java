package io.faas.core;

import io.faas.core.internal.common.SettingsChecks;
import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher consumes, runs and records events. Immutable and thread-safe; build with
 * {@link #builder()}.
 *
 * @since 0.1
 */
public final class DispatcherSettings {

    private final String groupId;
    private final int concurrency;
    private final int maxInFlight;
    private final Duration pollTimeout;
    private final Duration commitInterval;
    private final Duration closeGracePeriod;
    private final String deadLetterTopic;
    private final int ledgerBatchSize;
    private final int logLimitBytes;
    private final int maxHops;

    private DispatcherSettings(Builder b) {
        this.groupId = b.groupId;
        this.concurrency = b.concurrency;
        this.maxInFlight = b.maxInFlight;
        this.pollTimeout = b.pollTimeout;
        this.commitInterval = b.commitInterval;
        this.closeGracePeriod = b.closeGracePeriod;
        this.deadLetterTopic = b.deadLetterTopic;
        this.ledgerBatchSize = b.ledgerBatchSize;
        this.logLimitBytes = b.logLimitBytes;
        this.maxHops = b.maxHops;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(DispatcherSettings existing) {
        return new Builder(existing);
    }

    /** Consumer group shared by every dispatcher instance (default {@code faas-dispatcher}). */
    public String groupId() {
        return groupId;
    }

    /** Worker threads that run invocations in parallel (default 16). */
    public int concurrency() {
        return concurrency;
    }

    /**
     * Most events read but not yet fully recorded (default 1000), exactly: what a poll returns
     * beyond it waits, with the partitions paused, and {@code max.poll.records} is capped at it.
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** Longest single Kafka poll (default 100 ms). */
    public Duration pollTimeout() {
        return pollTimeout;
    }

    /** How often completed offsets are committed (default 200 ms). */
    public Duration commitInterval() {
        return commitInterval;
    }

    /** How long {@code close()} lets running invocations finish (default 10 s). */
    public Duration closeGracePeriod() {
        return closeGracePeriod;
    }

    /** Topic that receives events whose function failed every attempt (default {@code faas.dlq}). */
    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** Most ledger records written in one bulk write (default 500). */
    public int ledgerBatchSize() {
        return ledgerBatchSize;
    }

    /** Cap of an invocation's captured logs, in bytes (default 64 KiB). */
    public int logLimitBytes() {
        return logLimitBytes;
    }

    /**
     * Longest chain of destinations (default 16): an event more hops than this from the event
     * that started its chain runs no function; each of its functions gets a FAILED record
     * ({@code ChainTooDeep}) instead, sent to no destination, so a loop of functions ends.
     *
     * @since 0.2
     */
    public int maxHops() {
        return maxHops;
    }

    @Override
    public String toString() {
        return "DispatcherSettings{groupId=" + groupId + ", concurrency=" + concurrency + ", maxInFlight=" + maxInFlight
                + ", pollTimeout=" + pollTimeout + ", commitInterval=" + commitInterval + ", closeGracePeriod="
                + closeGracePeriod + ", deadLetterTopic=" + deadLetterTopic + ", ledgerBatchSize=" + ledgerBatchSize
                + ", logLimitBytes=" + logLimitBytes + ", maxHops=" + maxHops + "}";
    }

    /** Mutable builder; {@link #build()} checks every value. Not thread-safe. */
    public static final class Builder {
        private String groupId = "faas-dispatcher";
        private int concurrency = 16;
        private int maxInFlight = 1000;
        private Duration pollTimeout = Duration.ofMillis(100);
        private Duration commitInterval = Duration.ofMillis(200);
        private Duration closeGracePeriod = Duration.ofSeconds(10);
        private String deadLetterTopic = "faas.dlq";
        private int ledgerBatchSize = 500;
        private int logLimitBytes = 64 * 1024;
        private int maxHops = 16;

        private Builder() {
        }

        private Builder(DispatcherSettings s) {
            groupId = s.groupId;
            concurrency = s.concurrency;
            maxInFlight = s.maxInFlight;
            pollTimeout = s.pollTimeout;
            commitInterval = s.commitInterval;
            closeGracePeriod = s.closeGracePeriod;
            deadLetterTopic = s.deadLetterTopic;
            ledgerBatchSize = s.ledgerBatchSize;
            logLimitBytes = s.logLimitBytes;
            maxHops = s.maxHops;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        public Builder commitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
            return this;
        }

        public Builder closeGracePeriod(Duration closeGracePeriod) {
            this.closeGracePeriod = closeGracePeriod;
            return this;
        }

        public Builder deadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
            return this;
        }

        public Builder ledgerBatchSize(int ledgerBatchSize) {
            this.ledgerBatchSize = ledgerBatchSize;
            return this;
        }

        public Builder logLimitBytes(int logLimitBytes) {
            this.logLimitBytes = logLimitBytes;
            return this;
        }

        /** @since 0.2 */
        public Builder maxHops(int maxHops) {
            this.maxHops = maxHops;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting and the accepted range
         */
        public DispatcherSettings build() {
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("dispatcher groupId must not be blank");
            }
            SettingsChecks.atLeast("dispatcher concurrency", concurrency, 1);
            SettingsChecks.atLeast("dispatcher maxInFlight", maxInFlight, 1);
            SettingsChecks.positive("dispatcher pollTimeout", pollTimeout);
            SettingsChecks.positive("dispatcher commitInterval", commitInterval);
            SettingsChecks.notNegative("dispatcher closeGracePeriod", closeGracePeriod);
            if (!io.faas.api.Names.isValidTopicName(deadLetterTopic)) {
                throw new IllegalArgumentException("dispatcher deadLetterTopic is not a valid topic name: "
                        + deadLetterTopic);
            }
            SettingsChecks.atLeast("dispatcher ledgerBatchSize", ledgerBatchSize, 1);
            SettingsChecks.atLeast("dispatcher logLimitBytes", logLimitBytes, 0);
            SettingsChecks.atLeast("dispatcher maxHops", maxHops, 1);
            return new DispatcherSettings(this);
        }
    }
}
