package io.faas.core.internal.dispatch;

import io.faas.api.DeadLetterHeaders;
import io.faas.api.Invocation;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/** Sends failed events to the dead-letter topic with the shared producer. Thread-safe. */
public final class KafkaDeadLetterPublisher implements DeadLetterPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetterPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public KafkaDeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void publish(Invocation failed, Runnable then) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, DeadLetterHeaders.EVENT_ID, failed.eventId());
        header(headers, DeadLetterHeaders.FUNCTION, failed.function());
        header(headers, DeadLetterHeaders.FUNCTION_VERSION, String.valueOf(failed.version()));
        header(headers, DeadLetterHeaders.STATUS, failed.status().name());
        header(headers, DeadLetterHeaders.ERROR_TYPE, failed.error().type());
        header(headers, DeadLetterHeaders.ERROR_MESSAGE,
                truncate(failed.error().message(), DeadLetterHeaders.ERROR_MESSAGE_LIMIT));
        header(headers, DeadLetterHeaders.ATTEMPTS, String.valueOf(failed.attempts()));
        header(headers, DeadLetterHeaders.SOURCE_TOPIC, failed.topic());
        header(headers, DeadLetterHeaders.SOURCE_PARTITION, String.valueOf(failed.partition()));
        header(headers, DeadLetterHeaders.SOURCE_OFFSET, String.valueOf(failed.offset()));
        byte[] key = failed.key() == null ? null : failed.key().getBytes(StandardCharsets.UTF_8);
        try {
            producer.send(new ProducerRecord<>(topic, null, key, failed.event().getBytes(StandardCharsets.UTF_8),
                    headers), (md, e) -> {
                        if (e != null) {
                            log.error("could not send {} to the dead-letter topic: {}", failed.id(), e.toString());
                        }
                        then.run();
                    });
        } catch (RuntimeException e) {
            log.error("could not send {} to the dead-letter topic: {}", failed.id(), e.toString());
            then.run();
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
