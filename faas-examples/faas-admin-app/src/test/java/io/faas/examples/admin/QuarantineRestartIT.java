package io.faas.examples.admin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.faas.core.FaasSettings;
import io.faas.examples.admin.Http.Response;
import io.faas.spring.boot.autoconfigure.FaasConnectionDetails;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored document that no longer reads back does not stop the app from starting: it is listed
 * as invalid, everything else serves, and an update or a delete clears it.
 */
class QuarantineRestartIT {

    /** The admin token the app is started with (it makes sure the token exists at each start). */
    private static final String TOKEN = "faas_quarantine-admin-token-0123456789";

    @Test
    void theAppStartsOnBadDocumentsAndListsThemAsInvalid(@TempDir Path data) {
        try (ConfigurableApplicationContext app = start(data)) {
            Http http = http(app);
            assertThat(http.post("/api/topics", Map.of("name", "quarantine")).status()).isEqualTo(201);
            assertThat(http.post("/api/functions", AdminApiIT.python("sound", "quarantine")).status()).isEqualTo(201);
            assertThat(http.post("/api/functions", AdminApiIT.python("broken", "quarantine")).status()).isEqualTo(201);
            try (MongoClient mongo = MongoClients.create(app.getBean(FaasConnectionDetails.class).mongoUri())) {
                MongoDatabase db = mongo.getDatabase(app.getBean(FaasSettings.class).mongoDatabase());
                // what a timeout under a millisecond used to be stored as: it stopped the app from starting
                db.getCollection("functions").updateOne(Filters.eq("_id", "broken"), Updates.set("timeoutMs", 0));
                db.getCollection("function_versions").updateOne(Filters.eq("_id", "broken#1"),
                        Updates.set("timeoutMs", 0));
                db.getCollection("topics").insertOne(new Document("_id", "mangled").append("partitions", -3)
                        .append("ordering", "SIDEWAYS"));
            }
        }

        try (ConfigurableApplicationContext app = start(data)) {
            Http http = http(app);
            Response list = http.get("/api/functions");
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            assertThat(list.body()).contains("\"sound\"").doesNotContain("\"broken\"");
            assertThat(http.get("/api/functions?invalid=true").json().toString()).contains("\"name\":\"broken\"");
            assertThat(http.get("/api/topics?invalid=true").json().toString()).contains("\"name\":\"mangled\"");
            assertThat(http.get("/api/topics").body()).contains("\"quarantine\"").doesNotContain("mangled");
            assertThat(http.get("/api/stats").status()).isEqualTo(200);
            AdminApiIT.assertProblem(http.get("/api/functions/broken"), 404, "broken");

            Response ran = http.post("/api/topics/quarantine/events?wait=PT30S", "{\"a\": 1, \"b\": 2}");
            assertThat(ran.status()).as(ran.toString()).isEqualTo(200);
            assertThat(ran.json().get("invocations").toString()).contains("\"function\":\"sound\"")
                    .doesNotContain("\"function\":\"broken\"");

            Response fixed = http.put("/api/functions/broken", AdminApiIT.python("broken", "quarantine"));
            assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
            assertThat(fixed.json().get("version").asInt()).isEqualTo(2);
            assertThat(http.get("/api/functions/broken").status()).isEqualTo(200);
            assertThat(http.get("/api/functions/broken/versions").json().size()).isEqualTo(1);
            assertThat(http.delete("/api/topics/mangled").status()).isEqualTo(204);
            assertThat(http.get("/api/functions?invalid=true").json().size()).isZero();
            assertThat(http.get("/api/topics?invalid=true").json().size()).isZero();
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(FaasAdminApplication.class)
                .run("--server.port=0", "--faas.embedded.data-dir=" + data, "--faas.validation.enabled=false",
                        "--faas.dispatcher.max-attempts=1", "--faas.admin.security.bootstrap-token=" + TOKEN);
    }

    private static Http http(ConfigurableApplicationContext app) {
        return new Http(((WebServerApplicationContext) app).getWebServer().getPort(), TOKEN);
    }
}
