package io.faas.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A replay and its progress.
 *
 * @param id         the replay id; its records' ids start with it
 * @param request    what it replays
 * @param version    the function version it runs
 * @param status     where it stands
 * @param total      events between the start and end offsets, over every partition
 * @param done       events whose record is stored
 * @param failed     of those, records that are not SUCCEEDED
 * @param startedAt  when it started
 * @param finishedAt when it ended; {@code null} while RUNNING
 * @param error      why it FAILED; {@code null} otherwise
 * @since 0.2
 */
public record Replay(String id, ReplayRequest request, int version, ReplayStatus status, long total, long done,
                     long failed, Instant startedAt, Instant finishedAt, String error) {

    public Replay {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** Events recorded per second since the start (until the end, once it ended). */
    public double rate() {
        Instant end = finishedAt == null ? Instant.now() : finishedAt;
        long ms = Math.max(1, Duration.between(startedAt, end).toMillis());
        return done * 1000.0 / ms;
    }
}
