package io.faas.testkit;

import io.faas.api.Event;
import io.faas.api.InvalidEventException;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.PublishReceipt;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.Topic;
import io.faas.api.TopicNotFoundException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingEventPublisherTest {

    @Test
    void recordsEveryPublishWithFreshIdsAndGrowingOffsets() {
        RecordingEventPublisher publisher = new RecordingEventPublisher();

        PublishReceipt first = publisher.publish("orders", "{\"id\": 1}");
        PublishReceipt second = publisher.publish("orders", "k", "{\"id\": 2}", Map.of("source", "web"));
        PublishReceipt other = publisher.publish("payments", "{}");

        assertThat(List.of(first.offset(), second.offset(), other.offset())).containsExactly(0L, 1L, 0L);
        assertThat(Set.of(first.eventId(), second.eventId(), other.eventId())).hasSize(3);
        assertThat(publisher.published()).hasSize(3);
        assertThat(publisher.published("orders")).extracting(RecordingEventPublisher.Published::payload)
                .containsExactly("{\"id\": 1}", "{\"id\": 2}");
        RecordingEventPublisher.Published recorded = publisher.published("orders").get(1);
        assertThat(recorded.key()).isEqualTo("k");
        assertThat(recorded.headers()).containsExactly(Map.entry("source", "web"));
        assertThat(recorded.receipt()).isEqualTo(second);
    }

    @Test
    void refusesTopicsOutsideTheConfiguredSet() {
        RecordingEventPublisher publisher = RecordingEventPublisher.forTopics("orders");

        assertThat(publisher.publish("orders", "{}").topic()).isEqualTo("orders");
        assertThatThrownBy(() -> publisher.publish("nope", "{}"))
                .isInstanceOfSatisfying(TopicNotFoundException.class, e -> assertThat(e.topic()).isEqualTo("nope"));
        assertThat(publisher.published()).hasSize(1);
    }

    @Test
    void followsATopicRegistryAndItsPartitions() {
        InMemoryTopicRegistry topics = new InMemoryTopicRegistry();
        RecordingEventPublisher publisher = RecordingEventPublisher.forRegistry(topics);
        assertThatThrownBy(() -> publisher.publish("orders", "{}")).isInstanceOf(TopicNotFoundException.class);

        topics.create(Topic.of("orders", 4));
        Set<Integer> partitions = IntStream.range(0, 100)
                .mapToObj(i -> publisher.publish("orders", "key-" + i, "{}").partition())
                .collect(Collectors.toSet());
        assertThat(partitions).isSubsetOf(0, 1, 2, 3).hasSizeGreaterThan(1);
        int sameKey = publisher.publish("orders", "key-7", "{}").partition();
        assertThat(publisher.publish("orders", "key-7", "{}").partition()).isEqualTo(sameKey);
    }

    @Test
    void offsetsGrowPerPartitionAcrossThreads() {
        RecordingEventPublisher publisher = new RecordingEventPublisher();
        Set<Long> offsets = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 500).parallel().forEach(i -> offsets.add(publisher.publish("orders", "{}").offset()));

        assertThat(offsets).hasSize(500).contains(0L, 499L);
    }

    @Test
    void refusesReservedHeadersAndNullPayloads() {
        RecordingEventPublisher publisher = new RecordingEventPublisher();

        assertThatThrownBy(() -> publisher.publish("orders", null, "{}", Map.of("faas-event-id", "x")))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> publisher.publish("orders", null)).isInstanceOf(InvalidEventException.class);
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void awaitReturnsWhatWasGivenOrNothing() {
        RecordingEventPublisher publisher = new RecordingEventPublisher();
        PublishReceipt receipt = publisher.publish("orders", "{\"id\": 1}");
        assertThat(publisher.await(receipt, Duration.ofMinutes(1))).isEmpty();

        RecordingEventPublisher.Published event = publisher.published().get(0);
        Invocation ok = event.succeeded("price", "{\"total\": 3}");
        Invocation failed = event.failed("audit", "ValueError", "no");
        publisher.completeWith(receipt, ok, failed);

        assertThat(publisher.await(receipt, Duration.ZERO)).containsExactly(ok, failed);
        assertThat(ok.id()).isEqualTo(Invocation.idOf("orders", 0, 0, "price"));
        assertThat(ok.eventId()).isEqualTo(receipt.eventId());
        assertThat(failed.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(failed.error().type()).isEqualTo("ValueError");
    }

    @Test
    void aResponderCompletesEveryEventAsItIsPublished() {
        RecordingEventPublisher publisher = RecordingEventPublisher.forTopics("orders");
        publisher.respondWith(event -> List.of(event.succeeded("echo", event.payload())));

        List<Invocation> invocations = publisher.publishAndAwait("orders", "{\"n\": 5}", Duration.ofSeconds(1));

        assertThat(invocations).singleElement().satisfies(invocation -> {
            assertThat(invocation.function()).isEqualTo("echo");
            assertThat(invocation.result()).isEqualTo("{\"n\": 5}");
            assertThat(invocation.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        });
    }

    @Test
    void failNextPublishFailsOnceAndRecordsNothing() {
        RecordingEventPublisher publisher = new RecordingEventPublisher();
        publisher.failNextPublish(new ServiceUnavailableException("Kafka is down"));

        assertThatThrownBy(() -> publisher.publish("orders", "{}")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(publisher.published()).isEmpty();
        assertThat(publisher.publish("orders", "{}").offset()).isEqualTo(0);
    }

    @Test
    void anEventLooksLikeWhatADispatcherReads() {
        RecordingEventPublisher publisher = new RecordingEventPublisher();
        PublishReceipt receipt = publisher.publish("orders", "k", "{}", Map.of("trace", "t1"));

        Event event = publisher.published().get(0).toEvent();

        assertThat(event.id()).isEqualTo(receipt.eventId());
        assertThat(event.headers()).containsEntry(Event.ID_HEADER, receipt.eventId()).containsEntry("trace", "t1");
        assertThat(event.key()).isEqualTo("k");
        assertThat(event.offset()).isEqualTo(receipt.offset());
    }

    @Test
    void clearForgetsHistoryButOffsetsKeepGrowing() {
        RecordingEventPublisher publisher = new RecordingEventPublisher();
        publisher.publish("orders", "{}");
        publisher.clear();

        assertThat(publisher.published()).isEmpty();
        assertThat(publisher.publish("orders", "{}").offset()).isEqualTo(1);
    }
}
