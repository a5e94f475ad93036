package io.faas.examples.admin;

import io.faas.core.FaasSettings;
import io.faas.examples.admin.Http.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/topics/{name}} (partitions, offsets, lag per partition, functions and filters) and
 * {@code GET /api/topics/{name}/messages} (the latest records, read without a consumer group).
 */
class TopicDetailIT extends AbstractAdminIT {

    @Autowired
    FaasSettings settings;

    @Test
    void aTopicShowsItsPartitionsLagFunctionsAndLatestMessages() throws Exception {
        String topic = unique("detail");
        assertThat(http.post("/api/topics", Map.of("name", topic, "partitions", 3)).status()).isEqualTo(201);
        String doubler = doubling(topic);
        String filtered = unique("big");
        Map<String, Object> body = python(filtered);
        body.put("subscriptions", List.of(Map.of("topic", topic, "filter", Map.of("n", List.of(Map.of("numeric",
                List.of(">", 100)))))));
        assertThat(http.post("/api/functions", body).status()).isEqualTo(201);
        List<String> eventIds = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            Response r = http.post("/api/topics/" + topic + "/events?key=same&wait=PT20S", "{\"n\": " + n + "}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            eventIds.add(r.json().get("eventId").asString());
        }

        Set<String> groupsBefore = groups();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode detail = http.get("/api/topics/" + topic).json();
            assertThat(detail.get("partitions").asInt()).isEqualTo(3);
            assertThat(detail.get("partitionDetails")).hasSize(3);
            long stored = 0;
            for (JsonNode p : detail.get("partitionDetails")) {
                stored += p.get("latestOffset").asLong() - p.get("earliestOffset").asLong();
                assertThat(p.get("lag").isNull()).as("lag known for partition %s", p.get("partition")).isFalse();
                assertThat(p.get("lag").asLong()).isZero();
            }
            assertThat(stored).isEqualTo(5);
            assertThat(detail.get("functions").findValuesAsString("name")).containsExactlyInAnyOrder(doubler, filtered);
        });
        JsonNode functions = http.get("/api/topics/" + topic).json().get("functions");
        assertThat(find(functions, doubler).has("filter")).as("takes every event").isFalse();
        assertThat(find(functions, filtered).get("filter").toString()).contains("numeric");

        JsonNode latest = http.get("/api/topics/" + topic + "/messages?limit=3").json();
        assertThat(latest).hasSize(3);
        assertThat(latest.findValuesAsString("eventId")).as("newest first")
                .containsExactly(eventIds.get(4), eventIds.get(3), eventIds.get(2));
        assertThat(latest.get(0).get("value").asString()).isEqualTo("{\"n\": 5}");
        assertThat(latest.get(0).get("key").asString()).isEqualTo("same");
        assertThat(latest.get(0).get("timestamp").asString()).endsWith("Z");
        assertThat(http.get("/api/topics/" + topic + "/messages").json()).as("all 5, under the default 20").hasSize(5);
        assertThat(groups()).as("reading joins no consumer group").isEqualTo(groupsBefore);

        String empty = topic();
        assertThat(http.get("/api/topics/" + empty + "/messages").json()).isEmpty();
        JsonNode emptyDetail = http.get("/api/topics/" + empty).json();
        assertThat(emptyDetail.get("functions")).isEmpty();
        assertThat(emptyDetail.get("partitionDetails").get(0).get("latestOffset").asLong()).isZero();
    }

    @Test
    void badLimitsAndUnknownTopicsAreRefused() {
        String topic = topic();
        for (String limit : List.of("0", "101", "abc", "-1", "1.5")) {
            assertProblem(http.get("/api/topics/" + topic + "/messages?limit=" + limit), 400, "'limit' must be");
        }
        assertProblem(http.get("/api/topics/" + unique("missing")), 404, "");
        assertProblem(http.get("/api/topics/" + unique("missing") + "/messages"), 404, "");
        assertProblem(http.get("/api/topics/bad..name%20x/messages"), 404, "");
    }

    private Set<String> groups() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.kafkaBootstrapServers()))) {
            return admin.listGroups().all().get().stream().map(GroupListing::groupId).collect(Collectors.toSet());
        }
    }
}
