package io.faas.core.internal.registry;

import io.faas.core.internal.kafka.KafkaConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Tells every faas instance that the registry changed, through a one-partition Kafka topic, and
 * reloads this instance's {@link RegistryCache} when any instance says so. A full reload also
 * runs every {@code refreshInterval} in case a signal was lost.
 *
 * <p>The watcher runs on its own daemon thread; {@link #signal} is thread-safe.
 */
public final class ChangeSignal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeSignal.class);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final KafkaConfigs configs;
    private final RegistryCache cache;
    private final Duration refreshInterval;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public ChangeSignal(String topic, Producer<byte[], byte[]> producer, KafkaConfigs configs, RegistryCache cache,
                        Duration refreshInterval) {
        this.topic = topic;
        this.producer = producer;
        this.configs = configs;
        this.cache = cache;
        this.refreshInterval = refreshInterval;
    }

    /** Tells every instance that {@code what} changed. Best effort: the periodic reload covers a lost signal. */
    public void signal(String what) {
        producer.send(new ProducerRecord<>(topic, 0, null, what.getBytes(StandardCharsets.UTF_8)), (md, e) -> {
            if (e != null) {
                log.warn("could not send registry change signal for {}: {}", what, e.toString());
            }
        });
        producer.flush();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(configs.standaloneConsumer("faas-changes"));
        TopicPartition tp = new TopicPartition(topic, 0);
        c.assign(List.of(tp));
        c.seekToEnd(List.of(tp));
        c.position(tp);
        consumer = c;
        running = true;
        thread = new Thread(this::run, "faas-registry-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        long nextRefresh = System.nanoTime() + refreshInterval.toNanos();
        while (running) {
            try {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                boolean due = System.nanoTime() - nextRefresh >= 0;
                if (!records.isEmpty() || due) {
                    cache.reload();
                    nextRefresh = System.nanoTime() + refreshInterval.toNanos();
                }
            } catch (WakeupException e) {
                // close() woke us up
            } catch (RuntimeException e) {
                log.warn("registry watcher: {}", e.toString());
                pause();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    private void pause() {
        try {
            Thread.sleep(500); // back off after a failure so a broken broker does not cause a busy loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = thread;
        }
        consumer.wakeup();
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
