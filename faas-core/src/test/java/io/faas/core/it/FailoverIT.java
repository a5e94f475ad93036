package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.InvocationQuery;
import io.faas.api.Ordering;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.PartitionLag;
import io.faas.core.FaasSettings;
import io.faas.core.internal.kafka.KafkaConfigs;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A member of the dispatchers' group dies without leaving it; the survivor takes over its partitions. */
@FaasTest
class FailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int EVENTS = 40;

    @Test
    void theSurvivorTakesOverADeadMembersPartitionsWithinTenSecondsAndTheLagShowsTheirBacklog(
            FaasTestServers servers) {
        FaasSettings settings = TestFaas.settings(servers).build();
        try (Faas faas = TestFaas.create(settings)) {
            faas.topics().create(new Topic("fo", 2, Ordering.KEY));
            faas.functions().register(FunctionSpec.java("fo-f", "fo"), (event, ctx) -> "ok");
            KafkaConfigs configs = new KafkaConfigs(settings.kafkaBootstrapServers(), settings.kafkaProperties());
            // Another instance, with the dispatcher's consumer settings, that will die.
            KafkaConsumer<byte[], byte[]> doomed = new KafkaConsumer<>(
                    configs.groupConsumer("doomed", settings.dispatcher().groupId()));
            doomed.subscribe(List.of("fo"));
            await().atMost(WAIT).until(() -> {
                doomed.poll(Duration.ofMillis(100));
                return doomed.assignment().size() == 2;
            });
            faas.dispatcher().start();
            await().atMost(WAIT).until(() -> {
                doomed.poll(Duration.ofMillis(100));
                return doomed.assignment().size() == 1;
            });
            TopicPartition orphan = doomed.assignment().iterator().next();
            // Like kill -9: no leave-group request, the broker finds out by the missing heartbeats.
            doomed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
            long died = System.nanoTime();

            for (int i = 0; i < EVENTS; i++) {
                faas.publisher().publish("fo", "k" + i, "{\"n\":" + i + "}");
            }
            await().atMost(Duration.ofSeconds(4)).alias("the dead member's backlog is visible before the takeover")
                    .until(() -> ((FaasClient) faas).consumerLag().stream().anyMatch(p ->
                            p.topic().equals(orphan.topic()) && p.partition() == orphan.partition() && p.lag() > 0));

            await().atMost(WAIT).until(() -> faas.invocations().query(InvocationQuery.builder().function("fo-f")
                    .limit(1000).build()).items().size() == EVENTS);
            long takeoverMs = (System.nanoTime() - died) / 1_000_000;
            assertThat(takeoverMs).as("every event recorded, the orphaned partition's too, in ms").isLessThan(10_000);
            await().atMost(WAIT).until(() -> PartitionLag.total(((FaasClient) faas).consumerLag()) == 0);
        }
    }
}
