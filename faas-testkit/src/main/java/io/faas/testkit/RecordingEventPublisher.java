package io.faas.testkit;

import io.faas.api.Event;
import io.faas.api.EventPublisher;
import io.faas.api.InvalidEventException;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.api.PublishReceipt;
import io.faas.api.Topic;
import io.faas.api.TopicNotFoundException;
import io.faas.api.TopicRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * An {@link EventPublisher} that records what is published instead of sending it to Kafka: a
 * test double for host applications' unit tests, like Kafka's {@code MockProducer}.
 *
 * <p>Every publish gets a fresh event id and a receipt whose offset grows by one per partition.
 * Built with {@link #forTopics(String...)} or {@link #forRegistry(TopicRegistry)}, it throws
 * {@link TopicNotFoundException} for other topics, like the real publisher; the default
 * {@link #RecordingEventPublisher() constructor} accepts any topic. A key picks the partition by
 * its {@code hashCode} (not Kafka's partitioner: the same key always lands on the same
 * partition); events without a key go to partition 0. Payloads are recorded as given, not
 * parsed; header names starting with {@code faas-} are refused as the contract says.
 *
 * <p>{@link #await(PublishReceipt, Duration)} never waits: it returns the invocations given
 * for that event by {@link #completeWith(PublishReceipt, List)} or computed by
 * {@link #respondWith(Function)}, or an empty list.
 *
 * <pre>{@code
 * RecordingEventPublisher publisher = RecordingEventPublisher.forTopics("orders");
 * publisher.respondWith(event -> List.of(event.succeeded("price", "{\"total\": 3}")));
 * OrderService service = new OrderService(publisher);
 * service.placeOrder(...);
 * assertThat(publisher.published("orders")).singleElement()
 *         .extracting(RecordingEventPublisher.Published::payload).isEqualTo("{\"id\": 7}");
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class RecordingEventPublisher implements EventPublisher {
    /** Executor name on the invocations made by {@link Published#succeeded} and {@link Published#failed}. */
    public static final String EXECUTOR = "recording";

    private final Function<String, Optional<Integer>> partitionsOf;

    private final Object lock = new Object();
    private final List<Published> published = new ArrayList<>();
    private final Map<String, Long> nextOffsets = new HashMap<>();
    private final Map<String, List<Invocation>> completions = new HashMap<>();
    private Function<Published, List<Invocation>> responder;
    private RuntimeException nextFailure;

    /** A publisher that accepts every topic, each with one partition. */
    public RecordingEventPublisher() {
        this(topic -> Optional.of(1));
    }

    private RecordingEventPublisher(Function<String, Optional<Integer>> partitionsOf) {
        this.partitionsOf = partitionsOf;
    }

    /** A publisher that accepts only the given topics (one partition each). */
    public static RecordingEventPublisher forTopics(String... topics) {
        Set<String> known = Set.of(topics);
        return new RecordingEventPublisher(topic -> known.contains(topic) ? Optional.of(1) : Optional.empty());
    }

    /**
     * A publisher that accepts the topics registered in {@code registry} when the event is
     * published, with their partition counts.
     */
    public static RecordingEventPublisher forRegistry(TopicRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new RecordingEventPublisher(topic -> registry.get(topic).map(Topic::partitions));
    }

    /**
     * Records the event.
     *
     * @throws TopicNotFoundException if the topic is not accepted
     * @throws InvalidEventException  if the payload is {@code null} or a header name is reserved
     * @throws RuntimeException       the failure set by {@link #failNextPublish(RuntimeException)}
     */
    @Override
    public PublishReceipt publish(String topic, String key, String payload, Map<String, String> headers) {
        Objects.requireNonNull(topic, "topic");
        if (payload == null) {
            throw new InvalidEventException("the payload of an event for topic '" + topic + "' is null");
        }
        Map<String, String> copied = new LinkedHashMap<>(headers == null ? Map.of() : headers);
        for (String name : copied.keySet()) {
            if (name == null || name.startsWith("faas-")) {
                throw new InvalidEventException("header name '" + name + "' is reserved: names starting with 'faas-'"
                        + " belong to faas");
            }
        }
        Function<Published, List<Invocation>> respond;
        Published event;
        synchronized (lock) {
            if (nextFailure != null) {
                RuntimeException failure = nextFailure;
                nextFailure = null;
                throw failure;
            }
            int partitions = partitionsOf.apply(topic).orElseThrow(() -> new TopicNotFoundException(topic));
            int partition = key == null ? 0 : Math.floorMod(key.hashCode(), partitions);
            long offset = nextOffsets.merge(topic + "-" + partition, 1L, Long::sum) - 1;
            PublishReceipt receipt = new PublishReceipt(UUID.randomUUID().toString(), topic, partition, offset);
            event = new Published(receipt, key, payload, Map.copyOf(copied), Instant.now());
            published.add(event);
            respond = responder;
        }
        // Outside the lock: the responder is user code and may call back into this publisher.
        if (respond != null) {
            List<Invocation> invocations = respond.apply(event);
            if (invocations != null) {
                completeWith(event.receipt(), invocations);
            }
        }
        return event.receipt();
    }

    /**
     * The invocations given for the receipt's event, or an empty list; returns at once whatever
     * the timeout.
     */
    @Override
    public List<Invocation> await(PublishReceipt receipt, Duration timeout) {
        Objects.requireNonNull(receipt, "receipt");
        synchronized (lock) {
            return completions.getOrDefault(receipt.eventId(), List.of());
        }
    }

    /** Sets what {@link #await} returns for the event of {@code receipt} (replacing earlier ones). */
    public void completeWith(PublishReceipt receipt, List<Invocation> invocations) {
        Objects.requireNonNull(receipt, "receipt");
        List<Invocation> copy = List.copyOf(invocations);
        synchronized (lock) {
            completions.put(receipt.eventId(), copy);
        }
    }

    /** Sets what {@link #await} returns for the event of {@code receipt}. */
    public void completeWith(PublishReceipt receipt, Invocation... invocations) {
        completeWith(receipt, List.of(invocations));
    }

    /**
     * Computes the invocations of every event published from now on, as a dispatcher would;
     * {@code null} stops. The responder runs on the publishing thread.
     */
    public void respondWith(Function<Published, List<Invocation>> responder) {
        synchronized (lock) {
            this.responder = responder;
        }
    }

    /** Makes the next publish throw {@code failure} (once) without recording anything. */
    public void failNextPublish(RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        synchronized (lock) {
            this.nextFailure = failure;
        }
    }

    /** Every event published, in order. */
    public List<Published> published() {
        synchronized (lock) {
            return List.copyOf(published);
        }
    }

    /** The events published to {@code topic}, in order. */
    public List<Published> published(String topic) {
        synchronized (lock) {
            return published.stream().filter(p -> p.topic().equals(topic)).toList();
        }
    }

    /** Forgets the published events and completions; offsets keep growing. */
    public void clear() {
        synchronized (lock) {
            published.clear();
            completions.clear();
        }
    }

    /**
     * One recorded publish.
     *
     * @param receipt   what the publisher returned
     * @param key       record key, or {@code null}
     * @param payload   payload as given
     * @param headers   headers as given (without the event-id header)
     * @param timestamp when it was published
     * @since 0.1
     */
    public record Published(PublishReceipt receipt, String key, String payload, Map<String, String> headers,
                            Instant timestamp) {
        public Published {
            Objects.requireNonNull(receipt, "receipt");
            Objects.requireNonNull(payload, "payload");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(timestamp, "timestamp");
        }

        /** Shortcut for {@code receipt().topic()}. */
        public String topic() {
            return receipt.topic();
        }

        /** Shortcut for {@code receipt().eventId()}. */
        public String eventId() {
            return receipt.eventId();
        }

        /** The event as a dispatcher would read it, with the event-id header. */
        public Event toEvent() {
            Map<String, String> all = new HashMap<>(headers);
            all.put(Event.ID_HEADER, receipt.eventId());
            return new Event(receipt.eventId(), receipt.topic(), receipt.partition(), receipt.offset(), key, payload,
                    all, timestamp);
        }

        /** A succeeded invocation (version 1, one attempt) of {@code function} for this event. */
        public Invocation succeeded(String function, String resultJson) {
            return invocation(function, InvocationStatus.SUCCEEDED, Objects.requireNonNull(resultJson, "resultJson"),
                    null);
        }

        /** A failed invocation (version 1, one attempt) of {@code function} for this event. */
        public Invocation failed(String function, String errorType, String message) {
            return invocation(function, InvocationStatus.FAILED, null, InvocationError.of(errorType, message));
        }

        private Invocation invocation(String function, InvocationStatus status, String result, InvocationError error) {
            return new Invocation(
                    Invocation.idOf(receipt.topic(), receipt.partition(), receipt.offset(), function),
                    function, 1, receipt.topic(), receipt.partition(), receipt.offset(), receipt.eventId(), key,
                    payload, status, result, error, "", false, 1, false, timestamp, timestamp, timestamp, EXECUTOR);
        }
    }
}
