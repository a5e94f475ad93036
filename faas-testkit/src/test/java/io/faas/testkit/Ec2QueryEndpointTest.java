package io.faas.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The EC2 Query API as the SDK sends it: form-encoded POSTs, XML answers, states that move on with time. */
class Ec2QueryEndpointTest {

    private final MutableClock clock = new MutableClock();
    private Ec2QueryEndpoint ec2;

    @BeforeEach
    void start() {
        ec2 = Ec2QueryEndpoint.builder().clock(clock).pendingTime(Duration.ofSeconds(10))
                .shuttingDownTime(Duration.ofSeconds(5)).build().start();
    }

    @AfterEach
    void stop() {
        ec2.close();
    }

    private HttpResponse<String> call(Map<String, String> params) throws Exception {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ec2.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Version", "2016-11-15");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void instancesAreLaunchedTaggedDescribedByFilterAndTerminatedThroughTheirStates() throws Exception {
        HttpResponse<String> run = call(params("Action", "RunInstances", "MinCount", "2", "MaxCount", "2",
                "ImageId", "ami-1", "InstanceType", "t3.micro",
                "TagSpecification.1.ResourceType", "instance", "TagSpecification.1.Tag.1.Key", "faas:fleet",
                "TagSpecification.1.Tag.1.Value", "burst"));
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(run.body()).contains("<RunInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">")
                .contains("<instanceState><code>0</code><name>pending</name></instanceState>")
                .contains("<ipAddress>127.0.0.1</ipAddress>");
        String id = ec2.instances().get(0).id();

        call(params("Action", "CreateTags", "ResourceId.1", id, "Tag.1.Key", "Name", "Tag.1.Value", "w1"));
        clock.advance(Duration.ofSeconds(10));
        String running = call(params("Action", "DescribeInstances", "Filter.1.Name", "tag:faas:fleet",
                "Filter.1.Value.1", "burst", "Filter.2.Name", "instance-state-name", "Filter.2.Value.1", "running"))
                .body();
        assertThat(running).contains("<reservationSet><item>").contains("<name>running</name>")
                .contains("<key>Name</key><value>w1</value>");
        assertThat(running.split("<instanceId>", -1)).hasSize(3);

        String terminated = call(params("Action", "TerminateInstances", "InstanceId.1", id)).body();
        assertThat(terminated).contains("<currentState><code>32</code><name>shutting-down</name></currentState>")
                .contains("<previousState><code>16</code><name>running</name></previousState>");
        clock.advance(Duration.ofSeconds(5));
        assertThat(ec2.liveInstances()).hasSize(1);
        assertThat(ec2.instances()).filteredOn(i -> i.id().equals(id)).singleElement()
                .satisfies(i -> assertThat(i.state()).isEqualTo("terminated"));
        assertThat(ec2.calls()).containsExactly("RunInstances", "CreateTags", "DescribeInstances", "TerminateInstances");
    }

    @Test
    void unknownActionsAndBadParametersAnswerEc2Errors() throws Exception {
        HttpResponse<String> unknown = call(params("Action", "RebootInstances"));
        HttpResponse<String> missing = call(params("Action", "RunInstances", "MinCount", "1", "MaxCount", "1"));
        HttpResponse<String> notFound = call(params("Action", "TerminateInstances", "InstanceId.1", "i-nope"));

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Code>InvalidAction</Code>");
        assertThat(missing.body()).contains("<Code>MissingParameter</Code>");
        assertThat(notFound.body()).contains("<Code>InvalidInstanceID.NotFound</Code>");
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-29T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
