package io.faas.core.internal.dispatch;

/**
 * How the {@link InvocationPipeline} reports back on one submitted event: it asks whether the
 * event's work was fenced off before it starts an attempt, and says when each function's final
 * record is durable. Implementations are thread-safe: both are called from worker and ledger
 * threads.
 */
public interface EventCompletion {

    /**
     * Whether no new attempt may start: the event's partition was revoked from this instance (its
     * new owner runs what is not recorded) or the work was handed back.
     */
    boolean fenced();

    /**
     * Attempts already spent on the event by earlier deliveries that left no record (a share
     * group delivers a record again when the instance that had it died): they count against the
     * function's {@code maxAttempts}.
     */
    default int attemptsSpent() {
        return 0;
    }

    /** One function's final record for the event is durable. */
    void recorded();

    /**
     * One function's run gave up without a record (fenced, or the pipeline is stopping): the event
     * is incomplete here and its next owner runs it. For every submitted function exactly one of
     * {@link #recorded()} and {@code abandoned()} is called, except for work still queued when the
     * pipeline is closed.
     */
    void abandoned();

    /** A completion that is never fenced and ignores what is recorded. */
    EventCompletion NONE = new EventCompletion() {
        @Override
        public boolean fenced() {
            return false;
        }

        @Override
        public void recorded() {
        }

        @Override
        public void abandoned() {
        }
    };
}
