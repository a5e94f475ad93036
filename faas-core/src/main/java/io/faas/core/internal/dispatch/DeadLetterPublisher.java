package io.faas.core.internal.dispatch;

import io.faas.api.Invocation;

/**
 * Sends the event of an invocation that failed every attempt to the dead-letter topic, with the
 * {@link io.faas.api.DeadLetterHeaders}. Thread-safe.
 */
public interface DeadLetterPublisher {

    /**
     * Sends the failed invocation's event; {@code then} runs once the send succeeded or failed
     * (a failed send is logged: the record in the ledger still says what failed).
     */
    void publish(Invocation failed, Runnable then);
}
