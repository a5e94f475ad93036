package io.faas.api;

import io.faas.api.spi.ExecutionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentAndSecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"K", "_K", "api_token", "A1", "TZ", "PATHS", "HOMER"})
    void acceptsVariableNames(String name) {
        assertThat(FunctionSpec.builder("f").environment(name, "v").build().environment()).containsEntry(name, "v");
        assertThat(Secrets.none().set(name, "v").values()).containsEntry(name, "v");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1K", "A-B", "A B", "A=B", "é", "K\u0000"})
    void refusesMalformedVariableNames(String name) {
        assertThatThrownBy(() -> FunctionSpec.builder("f").environment(name, "v").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid variable name")
                .hasMessageContaining("must start with a letter or '_'");
        assertThatThrownBy(() -> Secrets.none().set(name, "v")).hasMessageContaining("invalid variable name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATH", "HOME", "LANG", "TMPDIR", "LC_ALL", "LC_CTYPE", "PYTHONPATH", "PYTHONHOME",
            "LD_PRELOAD", "LD_LIBRARY_PATH", "FAAS_X"})
    void refusesReservedNames(String name) {
        assertThatThrownBy(() -> FunctionSpec.builder("f").environment(name, "v").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid variable name '" + name + "'")
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> Secrets.none().set(name, "v")).hasMessageContaining("reserved");
        assertThat(Names.isValidVariableName(name)).isFalse();
    }

    @Test
    void capsNamesValuesAndCounts() {
        assertThat(Names.isValidVariableName("K".repeat(128))).isTrue();
        assertThat(Names.isValidVariableName("K".repeat(129))).isFalse();
        assertThatThrownBy(() -> FunctionSpec.builder("f").environment("K", "v".repeat(4097)).build())
                .hasMessageContaining("environment variable K of function 'f' is longer than 4096");
        assertThatThrownBy(() -> FunctionSpec.builder("f").environment("K", "a\u0000b").build())
                .hasMessageContaining("NUL");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= FunctionSpec.MAX_VARIABLES; i++) {
            many.put("K" + i, "v");
        }
        assertThatThrownBy(() -> FunctionSpec.builder("f").environment(many).build())
                .hasMessageContaining("more than 64 environment variables");
        assertThatThrownBy(() -> Secrets.of(many)).hasMessageContaining("at most 64 secrets");
        assertThatThrownBy(() -> Secrets.none().set("K", "")).hasMessageContaining("empty value");
        assertThatThrownBy(() -> Secrets.none().set("K", "v".repeat(4097))).hasMessageContaining("longer than 4096");
    }

    @Test
    void environmentIsSortedImmutableAndPartOfTheSpec() {
        FunctionSpec spec = FunctionSpec.builder("f").environment("B", "2").environment("A", "1").build();
        assertThat(spec.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
        assertThatThrownBy(() -> spec.environment().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
        assertThat(spec.toString()).contains("A=1");
        assertThat(FunctionSpec.python("g").environment()).isEmpty();
    }

    @Test
    void aNameIsEitherAVariableOrASecret() {
        assertThatThrownBy(() -> FunctionSpec.builder("f").environment("K", "v").secretNames(Set.of("K")).build())
                .hasMessageContaining("has K both as an environment variable and as a secret");
    }

    @Test
    void secretsShowNamesOnly() {
        Secrets change = Secrets.none().set("TOKEN", "s3cr3t-value").set("OTHER", "hunter2").remove("OLD");
        assertThat(change.toString()).isEqualTo("Secrets[set=[OTHER, TOKEN], remove=[OLD]]");
        assertThat(change.toString()).doesNotContain("s3cr3t").doesNotContain("hunter2");
        FunctionSpec spec = FunctionSpec.python("f").withSecretNames(Set.of("TOKEN"));
        assertThat(spec.secretNames()).containsExactly("TOKEN");
        assertThat(spec.toString()).contains("secretNames=[TOKEN]");
    }

    @Test
    void aChangeAppliesToStoredNames() {
        Secrets change = Secrets.none().set("NEW", "v").remove("OLD").set("KEPT", "again");
        assertThat(change.applyTo(Set.of("OLD", "KEPT", "OTHER"))).containsExactly("KEPT", "NEW", "OTHER");
        assertThat(Secrets.none().set("X", "v").remove("X").values()).isEmpty();
        assertThat(Secrets.none().remove("X").set("X", "v").removed()).isEmpty();
        assertThat(Secrets.none().isEmpty()).isTrue();
        assertThat(Secrets.of(Map.of("A", "1")).values()).containsEntry("A", "1");
    }

    @Test
    void executionRequestMergesEnvironmentAndHidesSecretValues() {
        FunctionSpec spec = FunctionSpec.builder("f").environment("MODE", "fast").build()
                .withSecretNames(Set.of("TOKEN"));
        FunctionVersion fv = new FunctionVersion(spec, 1, "def handler(e, c):\n    return 1\n", "h", Instant.now());
        Event event = new Event("e", "t", 0, 0, null, "1", Map.of(), Instant.now());
        ExecutionRequest request = new ExecutionRequest(fv, event, 1, Duration.ofSeconds(1), 1024)
                .withSecrets(Map.of("TOKEN", "s3cr3t-value"));
        assertThat(request.environment()).containsExactly(Map.entry("MODE", "fast"), Map.entry("TOKEN", "s3cr3t-value"));
        assertThat(request.toString()).contains("secrets=[TOKEN]").doesNotContain("s3cr3t-value");
        assertThat(new ExecutionRequest(fv, event, 1, Duration.ofSeconds(1), 1024).environment())
                .containsExactly(Map.entry("MODE", "fast"));
    }
}
