package io.faas.spring.boot.autoconfigure;

import io.faas.api.Backoff;
import io.faas.api.FunctionSpec;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.core.PythonSettings;
import io.faas.spring.boot.autoconfigure.python.FaasPythonAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The defaults that the configuration metadata shows are faas-core's, and every unset property shows one. */
class FaasPropertiesMetadataTest {

    /** Unset properties whose default is not a literal value: the description says it. */
    private static final Set<String> WITHOUT_LITERAL_DEFAULT = Set.of("faas.kafka.bootstrap-servers",
            "faas.kafka.properties", "faas.mongo.uri", "faas.python.pool-size", "faas.python.work-dir",
            "faas.secrets.key", "faas.secrets.key-file",
            // where requirements are resolved from: nowhere unless configured
            "faas.python.wheelhouse", "faas.python.index-url",
            // maps of named pools and fleets: none unless configured
            "faas.ssh.pools", "faas.ec2.fleets");

    private final FakeFaas fake = new FakeFaas();

    @Test
    void theDefaultsShownAreTheOnesFaasCoreApplies() throws Exception {
        List<String> values = new ArrayList<>();
        for (JsonNode property : metadata().get("properties")) {
            if (property.has("defaultValue")) {
                values.add(property.get("name").asString() + "=" + property.get("defaultValue").asString());
            }
        }
        assertThat(values).contains("faas.dispatcher.concurrency=16", "faas.python.sandbox=auto");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class, FaasPythonAutoConfiguration.class))
                .withPropertyValues("faas.kafka.bootstrap-servers=kafka:9092", "faas.mongo.uri=mongodb://mongo")
                .withPropertyValues(values.toArray(String[]::new))
                .withBean(FaasClient.class, () -> fake.client)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    FaasSettings core = FaasSettings.builder().kafkaBootstrapServers("kafka:9092")
                            .mongoUri("mongodb://mongo").build();
                    assertThat(context.getBean(FaasSettings.class)).usingRecursiveComparison().isEqualTo(core);
                    assertThat(context.getBean(PythonSettings.class)).isEqualTo(PythonSettings.defaults());
                    assertThat(context.getBean(FaasFunctionDefaults.class)).isEqualTo(new FaasFunctionDefaults(
                            FunctionSpec.DEFAULT_TIMEOUT, FunctionSpec.DEFAULT_MAX_ATTEMPTS, Backoff.DEFAULT));
                });
    }

    @Test
    void everyPropertyShowsItsDefault() throws Exception {
        List<String> withoutDefault = new ArrayList<>();
        for (JsonNode property : metadata().get("properties")) {
            String name = property.get("name").asString();
            if (!property.has("defaultValue") && !WITHOUT_LITERAL_DEFAULT.contains(name)) {
                withoutDefault.add(name);
            }
        }
        assertThat(withoutDefault).isEmpty();
    }

    @Test
    void theSandboxHasAHintForEachOfItsValues() throws Exception {
        List<String> hinted = new ArrayList<>();
        for (JsonNode hint : metadata().get("hints")) {
            if (hint.get("name").asString().equals("faas.python.sandbox")) {
                hint.get("values").forEach(v -> hinted.add(v.get("value").asString()));
            }
        }
        assertThat(hinted).containsExactlyInAnyOrder(
                java.util.Arrays.stream(PythonSettings.Sandbox.values())
                        .map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new));
    }

    /** What the configuration processor wrote: the properties it found, merged with the additional metadata. */
    private static JsonNode metadata() throws Exception {
        try (InputStream in = FaasPropertiesMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("written by spring-boot-configuration-processor").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }
}
