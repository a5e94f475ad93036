package io.faas.core.internal.publish;

import io.faas.api.Event;
import io.faas.api.EventPublisher;
import io.faas.api.InvalidEventException;
import io.faas.api.Invocation;
import io.faas.api.InvocationStore;
import io.faas.api.Names;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.PublishReceipt;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.TopicNotFoundException;
import io.faas.api.TopicRegistry;
import io.faas.api.FunctionVersion;
import io.faas.core.internal.ledger.LedgerWaiters;
import io.faas.core.internal.registry.RegistryCache;
import io.faas.core.internal.registry.RegistrySnapshot;
import io.faas.core.internal.json.Json;
import io.faas.core.internal.kafka.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Publishes JSON events with a shared Kafka producer and waits for their ledger records.
 * Thread-safe.
 */
public final class KafkaEventPublisher implements EventPublisher {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Most recent events whose starting functions are remembered for {@link #await}. */
    private static final int REMEMBERED = 10_000;

    private final Producer<byte[], byte[]> producer;
    private final RegistryCache cache;
    private final TopicRegistry topics;
    private final InvocationStore invocations;
    private final LedgerWaiters waiters;
    private final long maxPayloadBytes;
    private final Duration timeout;
    /**
     * Event id → the functions it starts, for recent events of topics with content filters: the
     * filters are matched when the event is published, where its payload, key and headers are at hand.
     */
    private final Map<String, Set<String>> starts = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
                    return size() > REMEMBERED;
                }
            });
    private final Tracing tracing;

    public KafkaEventPublisher(Producer<byte[], byte[]> producer, RegistryCache cache, TopicRegistry topics,
                               InvocationStore invocations, LedgerWaiters waiters, long maxPayloadBytes,
                               Duration timeout, Tracing tracing) {
        this.producer = producer;
        this.cache = cache;
        this.topics = topics;
        this.invocations = invocations;
        this.waiters = waiters;
        this.maxPayloadBytes = maxPayloadBytes;
        this.timeout = timeout;
        this.tracing = tracing;
    }

    @Override
    public PublishReceipt publish(String topic, String key, String payload, Map<String, String> headers) {
        requireTopic(topic);
        if (payload == null) {
            throw new InvalidEventException("event payload is missing");
        }
        byte[] value = payload.getBytes(StandardCharsets.UTF_8);
        if (value.length > maxPayloadBytes) {
            throw new PayloadTooLargeException("event payload", value.length, maxPayloadBytes);
        }
        Optional<String> problem = Json.problem(payload);
        if (problem.isPresent()) {
            throw new InvalidEventException("event payload is not valid JSON: " + problem.get());
        }
        Map<String, String> given = headers == null ? Map.of() : headers;
        for (String name : given.keySet()) {
            if (name == null || name.isEmpty() || name.toLowerCase().startsWith("faas-")) {
                throw new InvalidEventException("header name '" + name + "' is empty or reserved "
                        + "(names starting with 'faas-' are reserved)");
            }
        }
        String eventId = UUID.randomUUID().toString();
        // The publish continues the trace the caller's headers carry (a function publishing with its
        // context's headers), else the caller's current one; the record carries the publish's context.
        Span span = tracing.startPublish(topic, given);
        span.setAttribute(Tracing.EVENT_ID, eventId);
        RecordHeaders recordHeaders = new RecordHeaders();
        Tracing.withContext(given, span).forEach((name, v) ->
                recordHeaders.add(name, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
        recordHeaders.add(Event.ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
        rememberStarts(topic, eventId, key, payload, headers);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, recordHeaders);
        try {
            RecordMetadata md = producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            span.setAttribute(Tracing.PARTITION, (long) md.partition()).setAttribute(Tracing.OFFSET, md.offset());
            return new PublishReceipt(eventId, md.topic(), md.partition(), md.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(span, new ServiceUnavailableException("interrupted while publishing to " + topic, e));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw failed(span, new PayloadTooLargeException("event payload (as accepted by Kafka)", value.length,
                        value.length - 1));
            }
            throw failed(span, new ServiceUnavailableException("Kafka did not store the event on " + topic + ": "
                    + e.getCause().getMessage(), e.getCause()));
        } catch (TimeoutException e) {
            throw failed(span, new ServiceUnavailableException("Kafka did not store the event on " + topic
                    + " within " + timeout, e));
        } finally {
            span.end();
        }
    }

    private static RuntimeException failed(Span span, RuntimeException e) {
        span.setStatus(StatusCode.ERROR, e.getMessage());
        return e;
    }

    private void requireTopic(String topic) {
        if (!Names.isValidTopicName(topic)) {
            throw new TopicNotFoundException(String.valueOf(topic));
        }
        if (cache.current().topic(topic).isPresent()) {
            return;
        }
        // Not in this instance's copy yet: it may have been created a moment ago elsewhere.
        if (topics.get(topic).isEmpty()) {
            throw new TopicNotFoundException(topic);
        }
    }

    /** Which functions the event starts, if a content filter may keep it from some; as the dispatcher decides. */
    private void rememberStarts(String topic, String eventId, String key, String payload, Map<String, String> headers) {
        RegistrySnapshot snapshot = cache.current();
        if (!snapshot.hasFilters(topic)) {
            return;
        }
        Map<String, String> seen = new java.util.HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> seen.put(name, value == null ? "" : value));
        }
        seen.put(Event.ID_HEADER, eventId);
        Object decoded = Json.decodeOrNull(payload);
        starts.put(eventId, snapshot.subscribers(topic).stream().filter(s -> s.accepts(decoded, key, seen))
                .map(s -> s.function().name()).collect(Collectors.toSet()));
    }

    @Override
    public List<Invocation> await(PublishReceipt receipt, Duration timeout) {
        Set<String> remembered = starts.get(receipt.eventId());
        Set<String> expected = remembered != null ? remembered : cache.current().functionsFor(receipt.topic()).stream()
                .map(FunctionVersion::name).collect(Collectors.toSet());
        long deadline = System.nanoTime() + timeout.toNanos();
        waiters.register(receipt.eventId());
        try {
            while (true) {
                Map<String, Invocation> found = new TreeMap<>();
                for (Invocation i : invocations.forEvent(receipt.eventId())) {
                    if (i.status().isFinal()) {
                        found.put(i.function(), i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (found.keySet().containsAll(expected) || left <= 0) {
                    return new ArrayList<>(found.values());
                }
                waiters.await(receipt.eventId(), Math.min(left, POLL_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while waiting for the invocations of event "
                    + receipt.eventId(), e);
        } finally {
            waiters.unregister(receipt.eventId());
        }
    }
}
