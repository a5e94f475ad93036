package io.faas.core.internal.dispatch;

import io.faas.api.Delivery;
import io.faas.api.DestinationHeaders;
import io.faas.api.Event;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.core.internal.json.Json;
import io.faas.core.internal.kafka.Tracing;
import io.opentelemetry.api.trace.Span;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends outcomes to destinations with the shared idempotent producer ({@code acks=all}). The
 * record's id is derived from the causing event and the function, so a record sent again (the
 * event was redelivered after a crash, before its record was stored) carries the same id.
 */
public final class KafkaDestinationPublisher implements DestinationPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaDestinationPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final AtomicLong failures = new AtomicLong();

    public KafkaDestinationPublisher(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** Sends that failed since the start, after the producer's own retries. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void send(String topic, Invocation invocation, Event event, Span span, Consumer<Delivery> then) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, DestinationHeaders.EVENT_ID, idOf(invocation));
        header(headers, DestinationHeaders.CAUSE_EVENT_ID, invocation.eventId());
        header(headers, DestinationHeaders.ROOT_EVENT_ID, invocation.rootEventId());
        header(headers, DestinationHeaders.FUNCTION, invocation.function());
        header(headers, DestinationHeaders.FUNCTION_VERSION, String.valueOf(invocation.version()));
        header(headers, DestinationHeaders.STATUS, invocation.status().name());
        header(headers, DestinationHeaders.HOPS, String.valueOf(invocation.hops() + 1));
        Tracing.inject(span, (name, value) -> header(headers, name, value));
        byte[] key = event.key() == null ? null : event.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = (invocation.status() == InvocationStatus.SUCCEEDED ? invocation.result()
                : failureDocument(invocation)).getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers), (md, e) -> {
                if (e != null) {
                    then.accept(failed(topic, invocation, e));
                } else {
                    then.accept(Delivery.written(topic, md.partition(), md.offset()));
                }
            });
        } catch (RuntimeException e) {
            then.accept(failed(topic, invocation, e));
        }
    }

    private Delivery failed(String topic, Invocation invocation, Exception e) {
        failures.incrementAndGet();
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        log.error("could not send the outcome of {} to destination topic {}: {}", invocation.id(), topic, why);
        return Delivery.failed(topic, why);
    }

    /** The destination record's event id: a name-based UUID of the causing event and the function. */
    static String idOf(Invocation invocation) {
        return UUID.nameUUIDFromBytes((invocation.eventId() + '\n' + invocation.function())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** What a failed invocation sends to its {@code onFailure} topic. */
    static String failureDocument(Invocation failed) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode()
                .put("function", failed.function())
                .put("version", failed.version())
                .put("status", failed.status().name());
        doc.putObject("error").put("type", failed.error().type()).put("message", failed.error().message());
        doc.put("attempts", failed.attempts())
                .put("eventId", failed.eventId())
                .put("topic", failed.topic())
                .put("partition", failed.partition())
                .put("offset", failed.offset());
        if (Json.problem(failed.event()).isEmpty()) {
            doc.set("event", Json.tree(failed.event()));
        } else {
            doc.put("event", failed.event()); // not JSON: as text
        }
        return Json.encode(doc);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }
}
