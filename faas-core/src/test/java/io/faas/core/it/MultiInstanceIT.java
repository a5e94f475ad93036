package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.Topic;
import io.faas.core.FaasSettings;
import io.faas.core.FaasClient;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two instances sharing one registry and one consumer group, as two machines would. */
@FaasTest
class MultiInstanceIT {

    @Test
    void aChangeOnOneInstanceReachesTheOtherAndEveryEventIsRecordedOnce(FaasTestServers servers) {
        FaasSettings settings = TestFaas.settings(servers).build();
        try (Faas a = TestFaas.create(settings); Faas b = TestFaas.create(settings)) {
            a.dispatcher().start();
            b.dispatcher().start();
            a.topics().create(Topic.of("shared", 4));
            a.functions().register(FunctionSpec.java("fa", "shared"), (e, ctx) -> "a");
            b.functions().register(FunctionSpec.java("fa", "shared"), (e, ctx) -> "a");

            // b learns of the topic through the change signal, not through its own write: its lag
            // figures cover the topics its registry cache knows.
            await().atMost(Duration.ofSeconds(10)).until(() -> ((FaasClient) b).consumerLag().stream()
                    .anyMatch(p -> p.topic().equals("shared")));

            for (int i = 0; i < 40; i++) {
                b.publisher().publish("shared", "k" + i, "{}");
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    a.invocations().query(InvocationQuery.builder().limit(1000).build()).items().size() == 40);
            List<Invocation> all = b.invocations().query(InvocationQuery.builder().limit(1000).build()).items();
            assertThat(all).hasSize(40);
            assertThat(all.stream().map(Invocation::eventId).distinct()).hasSize(40);
        }
    }
}
