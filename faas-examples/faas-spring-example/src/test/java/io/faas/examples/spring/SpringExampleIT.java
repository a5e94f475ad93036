package io.faas.examples.spring;

import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.core.FaasClient;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example app, as it is, against a real Kafka broker and MongoDB-wire server. */
@FaasTest
class SpringExampleIT {

    @Test
    void theJavaFunctionRunsForAnOrder(FaasTestServers servers) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SpringExample.class)
                .properties("faas.kafka.bootstrap-servers=" + servers.kafkaBootstrapServers(),
                        "faas.mongo.uri=" + servers.mongoUri(),
                        "faas.mongo.database=" + servers.uniqueName("db"),
                        "faas.dispatcher.group-id=" + servers.uniqueName("group"),
                        "faas.dispatcher.close-grace-period=2s")
                .run()) {
            FaasClient faas = app.getBean(FaasClient.class);

            List<Invocation> done = faas.publisher().publishAndAwait("orders", "{\"qty\": 3, \"price\": 5}",
                    Duration.ofSeconds(30));

            assertThat(done).singleElement().satisfies(i -> {
                assertThat(i.function()).isEqualTo("total");
                assertThat(i.status()).isEqualTo(InvocationStatus.SUCCEEDED);
                assertThat(i.result()).isEqualTo("15");
                assertThat(i.logs()).contains("pricing 3 x 5");
            });
        }
    }
}
