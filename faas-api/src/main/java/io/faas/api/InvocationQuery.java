package io.faas.api;

import java.time.Instant;

/**
 * A filter over the invocation ledger, newest first. Every criterion is optional
 * ({@code null} matches everything).
 *
 * @param function function name
 * @param topic    topic name
 * @param status   status
 * @param eventId  event id: the records of that event and, if it started a chain ({@link Destinations}),
 *                 of every event after it (records whose {@link Invocation#rootEventId()} it is)
 * @param from     queued at or after this instant
 * @param to       queued before this instant
 * @param limit    page size, 1 to 1000 (default 50)
 * @param cursor   {@link InvocationPage#next()} of the previous page, or {@code null} for the first
 * @since 0.1
 */
public record InvocationQuery(String function, String topic, InvocationStatus status, String eventId,
                              Instant from, Instant to, int limit, String cursor) {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 1000;

    public InvocationQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("'to' " + to + " is before 'from' " + from);
        }
    }

    /** Everything, first page of the default size. */
    public static InvocationQuery all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this query (to ask for the next page, say). */
    public Builder toBuilder() {
        return new Builder().function(function).topic(topic).status(status).eventId(eventId)
                .from(from).to(to).limit(limit).cursor(cursor);
    }

    /** Mutable builder of {@link InvocationQuery}. Not thread-safe. */
    public static final class Builder {
        private String function;
        private String topic;
        private InvocationStatus status;
        private String eventId;
        private Instant from;
        private Instant to;
        private int limit = DEFAULT_LIMIT;
        private String cursor;

        private Builder() {
        }

        public Builder function(String function) {
            this.function = function;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder status(InvocationStatus status) {
            this.status = status;
            return this;
        }

        public Builder eventId(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder from(Instant from) {
            this.from = from;
            return this;
        }

        public Builder to(Instant to) {
            this.to = to;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public InvocationQuery build() {
            return new InvocationQuery(function, topic, status, eventId, from, to, limit, cursor);
        }
    }
}
