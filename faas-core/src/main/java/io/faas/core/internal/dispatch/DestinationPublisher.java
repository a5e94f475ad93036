package io.faas.core.internal.dispatch;

import io.faas.api.Delivery;
import io.faas.api.Event;
import io.faas.api.Invocation;
import io.opentelemetry.api.trace.Span;

import java.util.function.Consumer;

/**
 * Sends a final invocation's outcome to its function's destination ({@link io.faas.api.Destinations})
 * with the {@link io.faas.api.DestinationHeaders}. Thread-safe.
 */
public interface DestinationPublisher {

    /**
     * Sends the outcome of {@code invocation} to {@code topic}; {@code then} hears what became of
     * the record once the broker acknowledged it or the producer gave up.
     *
     * @param event the event the invocation ran on: its key, and its chain's root and hop count
     * @param span  the invocation's span, whose context the record carries
     */
    void send(String topic, Invocation invocation, Event event, Span span, Consumer<Delivery> then);
}
