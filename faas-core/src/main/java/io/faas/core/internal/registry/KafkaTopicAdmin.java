package io.faas.core.internal.registry;

import io.faas.core.internal.kafka.KafkaConfigs;
import io.faas.api.DuplicateTopicException;
import io.faas.api.ServiceUnavailableException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates, describes and deletes Kafka topics. Thread-safe. */
public final class KafkaTopicAdmin implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;
    private final short replicationFactor;

    public KafkaTopicAdmin(KafkaConfigs configs, Duration timeout, short replicationFactor) {
        this.admin = Admin.create(configs.admin("faas-admin"));
        this.timeout = timeout;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Creates the topic.
     *
     * @return {@code true} if it was created, {@code false} if it already existed
     * @throws DuplicateTopicException     if Kafka refuses the name as colliding with another topic
     *                                     ({@code a.b} beside {@code a_b})
     * @throws IllegalArgumentException    if Kafka refuses the partition count, replication factor,
     *                                     configuration or name
     * @throws ServiceUnavailableException if Kafka did not answer in time
     */
    public boolean create(String name, int partitions, Map<String, String> config) {
        NewTopic topic = new NewTopic(name, Optional.of(partitions),
                replicationFactor < 1 ? Optional.empty() : Optional.of(replicationFactor)).configs(config);
        try {
            await("create topic " + name, admin.createTopics(List.of(topic)).all());
            return true;
        } catch (ServiceUnavailableException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException) {
                return false;
            }
            if (cause instanceof InvalidTopicException) {
                // the only name Kafka refuses that faas's own name rule lets through: a collision
                throw new DuplicateTopicException(name, "collides with an existing Kafka topic ('.' and '_' are the"
                        + " same to Kafka's metric names)");
            }
            if (cause instanceof InvalidPartitionsException || cause instanceof InvalidReplicationFactorException
                    || cause instanceof InvalidConfigurationException || cause instanceof PolicyViolationException
                    || cause instanceof InvalidRequestException) {
                throw new IllegalArgumentException("Kafka refused topic '" + name + "' with " + partitions
                        + " partitions: " + cause.getMessage(), cause);
            }
            throw e;
        }
    }

    /** Partition count of the topic, or empty when it does not exist. */
    public Optional<Integer> partitions(String name) {
        try {
            Map<String, TopicDescription> d = await("describe topic " + name,
                    admin.describeTopics(List.of(name)).allTopicNames());
            return Optional.of(d.get(name).partitions().size());
        } catch (ServiceUnavailableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes the topic; a topic that does not exist is not an error. */
    public void delete(String name) {
        try {
            await("delete topic " + name, admin.deleteTopics(List.of(name)).all());
        } catch (ServiceUnavailableException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
    }

    /** Checks the cluster answers; used by health checks. */
    public void ping() {
        await("describe the cluster", admin.describeCluster().clusterId());
    }

    private <T> T await(String action, org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while waiting to " + action, e);
        } catch (ExecutionException e) {
            throw new ServiceUnavailableException("Kafka failed to " + action + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("Kafka did not " + action + " within " + timeout, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
