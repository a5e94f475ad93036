package io.faas.examples.admin;

import io.faas.api.FunctionContext;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.core.FaasClient;
import io.faas.examples.admin.Http.Response;
import io.faas.spring.boot.FaasFunction;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app on its own embedded Kafka and MongoDB, one context shared by every subclass (same
 * configuration, so Spring's test context cache hands them the same app); each test uses names of
 * its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "faas.admin.security.bootstrap-token=" + AbstractAdminIT.TOKEN,
        "faas.dispatcher.close-grace-period=2s",
        "faas.dispatcher.backoff.initial=50ms",
        "spring.lifecycle.timeout-per-shutdown-phase=2s"})
@Import(AbstractAdminIT.Greeting.class)
abstract class AbstractAdminIT {

    private static final Path DATA = tempDir();
    private static final AtomicInteger NAMES = new AtomicInteger();
    static final AtomicBoolean FLAKY_FAILS = new AtomicBoolean(true);

/** The admin token every test's {@link #http} sends (the app makes sure it exists at start). */
    static final String TOKEN = "faas_test-admin-token-0123456789abcdef";

    static final String PYTHON = "def handler(event, context):\n    return event['a'] + event['b']\n";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("faas.embedded.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    FaasClient faasClient;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port, TOKEN);
    }

    static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    /** A new topic, created through the API. */
    String topic() {
        String name = unique("t");
        Response r = http.post("/api/topics", Map.of("name", name));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return name;
    }

    /** Body of a Python function registration. */
    static Map<String, Object> python(String name, String... topics) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        body.put("runtime", "python");
        body.put("handler", "handler");
        body.put("topics", List.of(topics));
        body.put("source", PYTHON);
        return body;
    }

    /** A Java function on the topic that doubles {@code n}, registered through the app's client. */
    String doubling(String topic) {
        String name = "double-" + topic;
        faasClient.functions().register(FunctionSpec.java(name, topic), (event, context) -> {
            int n = ((Number) ((Map<?, ?>) event).get("n")).intValue();
            context.logger().info("doubling " + n);
            return Map.of("doubled", n * 2);
        });
        return name;
    }

    /** A Java function on the topic that fails while {@link #FLAKY_FAILS} is set, with one attempt. */
    String flaky(String topic) {
        String name = "flaky-" + topic;
        faasClient.functions().register(FunctionSpec.builder(name).runtime(FunctionRuntime.JAVA).topics(topic)
                .maxAttempts(1).build(), (event, context) -> {
                    if (FLAKY_FAILS.get()) {
                        throw new IllegalStateException("not yet");
                    }
                    return "ok";
                });
        return name;
    }

    /** A Java function on the topic that always fails, with one attempt. */
    String failing(String topic) {
        String name = "failing-" + topic;
        faasClient.functions().register(FunctionSpec.builder(name).runtime(FunctionRuntime.JAVA).topics(topic)
                .maxAttempts(1).build(), (event, context) -> {
                    context.logger().info("about to fail");
                    throw new IllegalStateException("always fails");
                });
        return name;
    }

    static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (name.equals(n.get("name").asString())) {
                return n;
            }
        }
        return null;
    }

    /** An error: problem+json with title, status and a detail, and nothing of the server's insides. */
    static void assertProblem(Response r, int status, String detailContains) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(p.get("detail").asString()).as(r.toString()).contains(detailContains);
        assertThat(r.body()).doesNotContain("\tat ", "at io.faas", "at org.", "Exception:", "trace");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("faas-admin-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An annotated function of the app itself, registered at start (its topic created for it). */
    @TestConfiguration(proxyBeanMethods = false)
    static class Greeting {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }

    static class Greeter {
        @FaasFunction(name = "greet", topics = "greetings")
        String greet(Map<String, String> event, FunctionContext context) {
            return "hello " + event.get("name");
        }
    }
}
