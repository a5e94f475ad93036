package io.faas.spring.boot.autoconfigure.metrics;

import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.core.FaasClient;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.spring.boot.autoconfigure.FakeFaas;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FaasMetricsAutoConfigurationTest {

    private final FakeFaas fake = new FakeFaas();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasMetricsAutoConfiguration.class))
            .withPropertyValues("faas.kafka.bootstrap-servers=localhost:9092", "faas.mongo.uri=mongodb://localhost")
            .withBean(FaasClient.class, () -> fake.client);

    @Test
    void countsAndTimesEveryRecordedInvocation() {
        runner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(FaasMetrics.class).bindTo(registry);
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            fake.listeners.forEach(l -> l.accept(invocation("add", InvocationStatus.SUCCEEDED, start, 40, true)));
            fake.listeners.forEach(l -> l.accept(invocation("add", InvocationStatus.SUCCEEDED, start, 60, false)));
            fake.listeners.forEach(l -> l.accept(invocation("add", InvocationStatus.FAILED, start, 5, false)));

            assertThat(registry.get("faas.invocations").tags("function", "add", "status", "SUCCEEDED").counter().count())
                    .isEqualTo(2.0);
            assertThat(registry.get("faas.invocations").tags("function", "add", "status", "FAILED").counter().count())
                    .isEqualTo(1.0);
            Timer timer = registry.get("faas.invocation.duration").tags("function", "add", "status", "SUCCEEDED").timer();
            assertThat(timer.count()).isEqualTo(2);
            assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100.0);
            assertThat(registry.get("faas.invocation.cold.starts").tags("function", "add").counter().count())
                    .isEqualTo(1.0);
            assertThat(registry.get("faas.dispatcher.consumer.lag").gauge().value()).isEqualTo(7.0);
            assertThat(registry.get("faas.dispatcher.in.flight").gauge().value()).isEqualTo(2.0);
            assertThat(registry.get("faas.dispatcher.rebalance.reexecutions").functionCounter().count()).isEqualTo(5.0);
        });
    }

    @Test
    void offWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FaasMetrics.class));
    }

    @Test
    void backsOffForTheApplicationsOwn() {
        FaasMetrics own = new FaasMetrics(fake.client);
        runner.withBean(FaasMetrics.class, () -> own)
                .run(context -> assertThat(context.getBean(FaasMetrics.class)).isSameAs(own));
    }

    private static Invocation invocation(String function, InvocationStatus status, Instant start, long ms,
                                         boolean coldStart) {
        boolean ok = status == InvocationStatus.SUCCEEDED;
        return new Invocation("maths:0:1:" + function, function, 1, "maths", 0, 1, "e-1", null, "{}", status,
                ok ? "7" : null, ok ? null : InvocationError.of("ValueError", "bad"), "", false, 1, coldStart, start,
                start, start.plusMillis(ms), "java");
    }
}
