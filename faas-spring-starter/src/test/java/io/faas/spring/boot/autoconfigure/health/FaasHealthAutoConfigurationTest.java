package io.faas.spring.boot.autoconfigure.health;

import io.faas.core.FaasClient;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FakeFaas;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FaasHealthAutoConfigurationTest {

    private final FakeFaas fake = new FakeFaas();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasHealthAutoConfiguration.class))
            .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost")
            .withBean(FaasClient.class, () -> fake.client);

    @Test
    void upWhenTheServersAnswerAndTheDispatcherRuns() {
        runner.run(context -> {
            Health health = context.getBean("faasHealthIndicator", HealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("kafka", "UP").containsEntry("mongo", "UP");
            assertThat(health.getDetails().get("dispatcher"))
                    .isEqualTo(Map.of("running", true, "inFlight", 2, "consumerLag", 7L, "rebalanceReexecutions", 5L,
                            "ledgerBacklog", 0));
        });
    }

    @Test
    void downWhenKafkaDoesNotAnswer() {
        fake.kafkaDown = true;
        runner.run(context -> {
            Health health = context.getBean("faasHealthIndicator", HealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("kafka")).startsWith("DOWN: Kafka did not describe");
        });
    }

    @Test
    void aStoppedDispatcherIsDownOnlyWhenItShouldRun() {
        runner.run(context -> {
            fake.running = false;
            assertThat(context.getBean(FaasHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.DOWN);
        });
        runner.withPropertyValues("faas.dispatcher.auto-startup=false").run(context ->
                assertThat(context.getBean(FaasHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP));
    }

    @Test
    void offWithoutSpringBootHealthOrWhenDisabled() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FaasHealthIndicator.class));
        runner.withPropertyValues("management.health.faas.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(FaasHealthIndicator.class));
    }

    @Test
    void backsOffForAnIndicatorOfTheApplication() {
        runner.withBean("faasHealthIndicator", HealthIndicator.class, () -> () -> Health.unknown().build())
                .run(context -> assertThat(context.getBean("faasHealthIndicator", HealthIndicator.class).health(true)
                        .getStatus()).isEqualTo(Status.UNKNOWN));
    }
}
