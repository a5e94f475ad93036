package io.faas.examples.admin;

import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.core.FaasClient;
import io.faas.spring.boot.FaasFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down while events are in flight (what SIGTERM does: Spring Boot's shutdown hook closes
 * the context): the app is gone within 10 s, and after a restart every event has exactly one
 * record: what finished before the shutdown was recorded, the rest was redelivered and run.
 */
class GracefulShutdownIT {

    static final int EVENTS = 8;

    @Test
    void inFlightWorkIsFinishedOrHandedBackAndNothingIsLost(@TempDir Path data) {
        try (ConfigurableApplicationContext app = start(data)) {
            FaasClient faas = app.getBean(FaasClient.class);
            for (int i = 0; i < EVENTS; i++) {
                // one key: the events run one after another, so most are still waiting at shutdown
                faas.publisher().publish("slow", "k", "{\"n\": " + i + "}");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> faas.inFlight() > 0 && recorded(faas).size() >= 1);
            long start = System.nanoTime();
            app.close();
            long closedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(closedMs).as("shutdown time in ms").isLessThan(10_000);
        }
        try (ConfigurableApplicationContext app = start(data)) {
            FaasClient faas = app.getBean(FaasClient.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorded(faas)).hasSize(EVENTS));
            List<Invocation> all = recorded(faas);
            assertThat(all).allSatisfy(i -> assertThat(i.status()).isEqualTo(InvocationStatus.SUCCEEDED));
            assertThat(all.stream().map(Invocation::offset).distinct()).as("one record per event").hasSize(EVENTS);
        }
    }

    private static List<Invocation> recorded(FaasClient faas) {
        return faas.invocations().query(InvocationQuery.builder().topic("slow").limit(100).build()).items().stream()
                .filter(i -> i.status().isFinal()).toList();
    }

    private static ConfigurableApplicationContext start(Path data) {
        // arguments, so that they win over application.properties
        return new SpringApplicationBuilder(FaasAdminApplication.class, SlowFunction.class)
                .run("--server.port=0", "--faas.embedded.data-dir=" + data, "--faas.validation.enabled=false",
                        "--faas.dispatcher.close-grace-period=1s");
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowFunction {
        @Bean
        Slow slow() {
            return new Slow();
        }
    }

    static class Slow {
        /** Stands for real work that takes a while. */
        @FaasFunction(name = "slow", topics = "slow")
        int work(Map<String, Integer> event) throws InterruptedException {
            Thread.sleep(400);
            return event.get("n");
        }
    }
}
