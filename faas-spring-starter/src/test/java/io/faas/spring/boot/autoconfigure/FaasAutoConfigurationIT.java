package io.faas.spring.boot.autoconfigure;

import io.faas.api.FunctionContext;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.core.FaasClient;
import io.faas.spring.boot.FaasFunction;
import io.faas.spring.boot.autoconfigure.health.FaasHealthAutoConfiguration;
import io.faas.spring.boot.autoconfigure.health.FaasHealthIndicator;
import io.faas.spring.boot.autoconfigure.metrics.FaasMetrics;
import io.faas.spring.boot.autoconfigure.metrics.FaasMetricsAutoConfiguration;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The starter against a real Kafka broker and MongoDB-wire server. */
@FaasTest
class FaasAutoConfigurationIT {

    @Test
    void anAnnotatedJavaFunctionRunsForEveryEventAndIsMeasured(FaasTestServers servers) {
        String topic = servers.uniqueName("orders");
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        new ApplicationContextRunner()
                .withBean(OpenTelemetry.class, () -> openTelemetry)
                .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasHealthAutoConfiguration.class,
                        FaasMetricsAutoConfiguration.class))
                .withPropertyValues("faas.kafka.bootstrap-servers=" + servers.kafkaBootstrapServers(),
                        "faas.mongo.uri=" + servers.mongoUri(),
                        "faas.mongo.database=" + servers.uniqueName("db"),
                        "faas.dispatcher.group-id=" + servers.uniqueName("group"),
                        "faas.changes-topic=" + servers.uniqueName("changes"),
                        "faas.dispatcher.dead-letter-topic=" + servers.uniqueName("dlq"),
                        "faas.dispatcher.close-grace-period=2s",
                        "faas.validation.enabled=false",
                        "orders.topic=" + topic)
                .withUserConfiguration(Orders.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedKafka.class);
                    FaasClient faas = context.getBean(FaasClient.class);
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(FaasMetrics.class).bindTo(registry);
                    assertThat(faas.dispatcher().isRunning()).isTrue();
                    assertThat(faas.topics().get(topic)).as("created for the function").isPresent();

                    List<Invocation> done = faas.publisher().publishAndAwait(topic, "{\"qty\": 3, \"price\": 5}",
                            Duration.ofSeconds(30));
                    assertThat(done).singleElement().satisfies(i -> {
                        assertThat(i.function()).isEqualTo("total");
                        assertThat(i.status()).isEqualTo(InvocationStatus.SUCCEEDED);
                        assertThat(i.result()).isEqualTo("15");
                        assertThat(i.logs()).contains("pricing 3");
                    });
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                            registry.get("faas.invocations").tags("function", "total", "status", "SUCCEEDED")
                                    .counter().count()).isEqualTo(1.0));
                    assertThat(context.getBean(FaasHealthIndicator.class).health(true).getStatus())
                            .isEqualTo(Status.UP);
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                            .extracting(SpanData::getName).contains("publish " + topic, "invoke total", "attempt total"));
                    assertThat(spans.getFinishedSpanItems()).as("the application's OpenTelemetry bean, one trace")
                            .extracting(SpanData::getTraceId)
                            .containsOnly(spans.getFinishedSpanItems().get(0).getTraceId());

                    context.close();
                    assertThat(faas.dispatcher().isRunning()).as("stopped with the context").isFalse();
                });
    }

    record Order(int qty, int price) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Orders {
        @Bean
        Pricing pricing() {
            return new Pricing();
        }
    }

    static class Pricing {
        @FaasFunction(name = "total", topics = "${orders.topic}")
        int total(Order order, FunctionContext context) {
            context.logger().info("pricing " + order.qty());
            return order.qty() * order.price();
        }
    }
}
