package io.faas.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaasSettingsTest {

    private FaasSettings.Builder valid() {
        return FaasSettings.builder().kafkaBootstrapServers("localhost:9092").mongoUri("mongodb://localhost");
    }

    @Test
    void defaults() {
        FaasSettings s = valid().build();
        assertThat(s.mongoDatabase()).isEqualTo("faas");
        assertThat(s.changesTopic()).isEqualTo("faas.changes");
        assertThat(s.dispatcher().deadLetterTopic()).isEqualTo("faas.dlq");
        assertThat(s.dispatcher().logLimitBytes()).isEqualTo(65536);
        assertThat(s.maxSourceBytes()).isEqualTo(1024 * 1024);
        assertThat(s.ledgerRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(FaasSettings.builder(valid().ledgerRetention(Duration.ofDays(7)).build()).build().ledgerRetention())
                .isEqualTo(Duration.ofDays(7));
        assertThat(FaasSettings.builder(s).mongoDatabase("other").build().kafkaBootstrapServers())
                .isEqualTo("localhost:9092");
    }

    @Test
    void theSecretsKeyIsCheckedWithoutBeingEchoedAndTheKeyFileHasADefault() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        FaasSettings s = valid().secretsKey(key).secretsKeyFile(java.nio.file.Path.of("/srv/k")).build();
        assertThat(s.secretsKey()).isEqualTo(key);
        assertThat(FaasSettings.builder(s).build().secretsKeyFile()).isEqualTo(java.nio.file.Path.of("/srv/k"));
        assertThat(valid().build().secretsKey()).isNull();
        assertThat(valid().build().secretsKeyFile())
                .isEqualTo(java.nio.file.Path.of(System.getProperty("user.home"), ".faas", "secrets.key"));
        assertThatThrownBy(() -> valid().secretsKey("dG9vLXNob3J0").build())
                .hasMessageContaining("32 bytes").hasMessageNotContaining("dG9vLXNob3J0");
    }

    @Test
    void failsFastWithThePreciseSetting() {
        assertThatThrownBy(() -> FaasSettings.builder().mongoUri("mongodb://x").build())
                .hasMessageContaining("kafkaBootstrapServers is required");
        assertThatThrownBy(() -> valid().mongoUri("localhost:27017").build())
                .hasMessageContaining("mongoUri");
        assertThatThrownBy(() -> valid().mongoDatabase("a.b").build())
                .hasMessageContaining("mongoDatabase");
        assertThatThrownBy(() -> valid().requestTimeout(Duration.ZERO).build())
                .hasMessageContaining("requestTimeout must be positive");
        assertThatThrownBy(() -> valid().ledgerRetention(Duration.ofHours(1)).build())
                .hasMessage("ledgerRetention must be whole seconds between 1 day and 3650 days: PT1H");
        assertThatThrownBy(() -> valid().ledgerRetention(null).build())
                .hasMessageContaining("ledgerRetention");
        assertThatThrownBy(() -> valid().changesTopic("faas.dlq").build())
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> DispatcherSettings.builder().concurrency(0).build())
                .hasMessage("dispatcher concurrency must be at least 1: 0");
        assertThatThrownBy(() -> DispatcherSettings.builder().deadLetterTopic("a b").build())
                .hasMessageContaining("deadLetterTopic");
    }
}
