package io.faas.spring.boot.autoconfigure.embedded;

import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@FaasTest
@ExtendWith(OutputCaptureExtension.class)
class FaasEmbeddedServersIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FaasAutoConfiguration.class,
                    FaasEmbeddedServersAutoConfiguration.class))
            .withPropertyValues("faas.dispatcher.close-grace-period=1s", "faas.validation.enabled=false");

    @Test
    void withNothingConfiguredEmbeddedServersRunAndKeepTheirDataAcrossARestart(@TempDir Path dir,
                                                                               CapturedOutput output) {
        ApplicationContextRunner embedded = runner.withPropertyValues("faas.embedded.data-dir=" + dir);
        embedded.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EmbeddedKafka.class).hasSingleBean(EmbeddedMongo.class);
            assertThat(output.getOut()).containsOnlyOnce("faas development mode: faas.kafka.bootstrap-servers and"
                            + " faas.mongo.uri are not set")
                    .contains("with data in " + dir.toAbsolutePath().normalize());
            FaasClient faas = context.getBean(FaasClient.class);
            faas.topics().create(Topic.of("kept", 2));
            assertThat(context.getBean(EmbeddedKafka.class).logDir()).startsWith(dir);
        });
        assertThat(dir.resolve("kafka")).isDirectory();
        assertThat(dir.resolve("mongo.mv.db")).isRegularFile();
        embedded.run(context -> {
            assertThat(context).hasNotFailed();
            FaasClient faas = context.getBean(FaasClient.class);
            assertThat(faas.topics().get("kept")).contains(Topic.of("kept", 2));
            faas.checkKafka();
        });
    }

    @Test
    void configuredServersStartNothingEmbedded(FaasTestServers servers, CapturedOutput output) {
        runner.withPropertyValues("faas.kafka.bootstrap-servers=" + servers.kafkaBootstrapServers(),
                        "faas.mongo.uri=" + servers.mongoUri(),
                        "faas.mongo.database=" + servers.uniqueName("db"),
                        "faas.dispatcher.group-id=" + servers.uniqueName("group"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedKafka.class)
                            .doesNotHaveBean(EmbeddedMongo.class);
                    assertThat(context.getBean(FaasClient.class).dispatcher().isRunning()).isTrue();
                    assertThat(output.getOut()).doesNotContain("faas development mode");
                });
    }

    @Test
    void onlyTheMissingServerIsEmbedded(FaasTestServers servers, @TempDir Path dir, CapturedOutput output) {
        runner.withPropertyValues("faas.kafka.bootstrap-servers=" + servers.kafkaBootstrapServers(),
                        "faas.dispatcher.group-id=" + servers.uniqueName("group"),
                        "faas.embedded.data-dir=" + dir)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(EmbeddedKafka.class)
                            .hasSingleBean(EmbeddedMongo.class);
                    assertThat(output.getOut()).containsOnlyOnce("faas development mode: faas.mongo.uri is not set,"
                            + " so a MongoDB-compatible server at mongodb://127.0.0.1:");
                    assertThat(context.getBean(FaasClient.class).dispatcher().isRunning()).isTrue();
                });
    }

    @Test
    void withoutTheTestkitOrWhenDisabledNothingIsEmbeddedAndTheStartSaysWhatToSet() {
        runner.withClassLoader(new FilteredClassLoader(EmbeddedKafka.class)).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("faas.kafka.bootstrap-servers");
        });
        runner.withPropertyValues("faas.embedded.enabled=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("faas.kafka.bootstrap-servers");
        });
    }
}
