package io.faas.examples.admin;

import io.faas.examples.admin.Http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Topics, functions and the ledger survive a restart of the app on the same data dir. */
class AdminRestartIT {

    @Test
    void aRestartFindsTheSameTopicsFunctionsAndLedger(@TempDir Path data) {
        String eventId;
        JsonNode recorded;
        try (ConfigurableApplicationContext app = start(data)) {
            Http http = http(app);
            assertThat(http.post("/api/topics", Map.of("name", "kept", "partitions", 2)).status()).isEqualTo(201);
            Response fn = http.post("/api/functions", AdminApiIT.python("keeper", "kept"));
            assertThat(fn.status()).as(fn.toString()).isEqualTo(201);
            Response published = http.post("/api/topics/kept/events?wait=PT30S&key=k", "{\"a\": 1, \"b\": 2}");
            assertThat(published.status()).as(published.toString()).isEqualTo(200);
            eventId = published.json().get("eventId").asString();
            recorded = published.json().get("invocations").get(0);
            assertThat(recorded.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(recorded.get("result").asInt()).isEqualTo(3);
        }

        try (ConfigurableApplicationContext app = start(data)) {
            Http http = http(app);
            JsonNode topics = http.get("/api/topics").json();
            assertThat(topics.toString()).contains("\"name\":\"kept\"", "\"partitions\":2", "\"functions\":[\"keeper\"]");
            JsonNode function = http.get("/api/functions/keeper").json();
            assertThat(function.get("version").asInt()).isEqualTo(1);
            assertThat(function.get("source").asString()).isEqualTo(AdminApiIT.PYTHON);

            JsonNode ledger = http.get("/api/invocations?eventId=" + eventId).json().get("items");
            assertThat(ledger.size()).isEqualTo(1);
            assertThat(ledger.get(0).get("id").asString()).isEqualTo(recorded.get("id").asString());
            assertThat(ledger.get(0).get("status").asString()).isEqualTo(recorded.get("status").asString());

            // the restarted dispatcher goes on from the committed offset: the old event is not run again
            Response next = http.post("/api/topics/kept/events?wait=PT30S&key=k", "{\"a\": 2, \"b\": 3}");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.json().get("invocations").get(0).get("result").asInt()).isEqualTo(5);
            assertThat(http.get("/api/invocations?topic=kept").json().get("items").size()).isEqualTo(2);
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        // arguments, so that they win over application.properties; code is not validated here
        return new SpringApplicationBuilder(FaasAdminApplication.class)
                .run("--server.port=0", "--faas.embedded.data-dir=" + data, "--faas.validation.enabled=false",
                        "--faas.admin.security.bootstrap-token=" + AbstractAdminIT.TOKEN,
                        "--faas.dispatcher.max-attempts=1");
    }

    private static Http http(ConfigurableApplicationContext app) {
        return new Http(((WebServerApplicationContext) app).getWebServer().getPort(), AbstractAdminIT.TOKEN);
    }
}
