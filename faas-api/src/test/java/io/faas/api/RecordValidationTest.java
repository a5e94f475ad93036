package io.faas.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "add", "add_2", "Add-Two", "x234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsLegalFunctionNames(String name) {
        assertThat(FunctionSpec.python(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1add", "_add", "-add", "add.py", "add two", "a/b", "é",
            "x2345678901234567890123456789012345678901234567890123456789012345"})
    void refusesIllegalFunctionNames(String name) {
        assertThatThrownBy(() -> FunctionSpec.python(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid function name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"maths", "a.b-c_d", "0", "..."})
    void acceptsKafkaTopicNames(String name) {
        assertThat(Topic.of(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a b", "a/b", "a:b", "ü"})
    void refusesIllegalTopicNames(String name) {
        assertThatThrownBy(() -> Topic.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid topic name");
    }

    @Test
    void topicNamesAreLimitedTo249Characters() {
        assertThat(Names.isValidTopicName("t".repeat(249))).isTrue();
        assertThat(Names.isValidTopicName("t".repeat(250))).isFalse();
    }

    @Test
    void specDefaultsAndSortedTopics() {
        FunctionSpec spec = FunctionSpec.python("f", "b", "a", "b");
        assertThat(spec.topics()).containsExactly("a", "b");
        assertThat(spec.handler()).isEqualTo("handler");
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.maxAttempts()).isEqualTo(3);
        assertThat(spec.executor()).isNull();
        assertThat(spec.toBuilder().maxAttempts(5).build().maxAttempts()).isEqualTo(5);
    }

    @Test
    void specRefusesBadKnobsWithPreciseMessages() {
        assertThatThrownBy(() -> FunctionSpec.builder("f").timeout(Duration.ZERO).build())
                .hasMessageContaining("timeout of function 'f'");
        assertThatThrownBy(() -> FunctionSpec.builder("f").maxAttempts(0).build())
                .hasMessageContaining("maxAttempts of function 'f'");
        assertThatThrownBy(() -> FunctionSpec.builder("f").handler("not an identifier").build())
                .hasMessageContaining("is not a Python identifier");
        assertThatThrownBy(() -> FunctionSpec.builder("f").topics("ok", "not ok").build())
                .hasMessageContaining("invalid topic name 'not ok'");
    }

    @Test
    void durationsAreWholeMillisecondsOfAtLeastOne() {
        assertThatThrownBy(() -> FunctionSpec.builder("f").timeout(Duration.ofNanos(100_000)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> FunctionSpec.builder("f").timeout(Duration.ofMillis(1500).plusNanos(1)).build())
                .hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> FunctionSpec.builder("f").timeout(Duration.ofSeconds(Long.MAX_VALUE)).build())
                .hasMessageContaining("timeout of function 'f'");
        assertThat(FunctionSpec.builder("f").timeout(Duration.ofMillis(1)).build().timeout()).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> new Backoff(Duration.ofNanos(10), 1.0, Duration.ofSeconds(1)))
                .hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, 1.0, Duration.ofSeconds(Long.MAX_VALUE)))
                .hasMessageContaining("at most");
    }

    @Test
    void ledgerRetentionIsUnsetByDefaultAndWholeSecondsFromADayToTenYears() {
        FunctionSpec plain = FunctionSpec.python("f", "t");
        assertThat(plain.ledgerRetention()).isNull();
        assertThat(new FunctionSpec("f", FunctionRuntime.PYTHON, null, java.util.Set.of("t"), Duration.ofSeconds(1), 0,
                1, Backoff.DEFAULT, null, java.util.Map.of(), java.util.Set.of(), false).ledgerRetention())
                .as("the constructor of before the field").isNull();
        FunctionSpec kept = plain.toBuilder().ledgerRetention(Duration.ofDays(90)).build();
        assertThat(kept.ledgerRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(kept.toBuilder().build()).isEqualTo(kept);
        assertThat(kept.withSecretNames(java.util.Set.of("S")).ledgerRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(plain.toBuilder().ledgerRetention(Duration.ofDays(1)).build().ledgerRetention())
                .isEqualTo(Duration.ofDays(1));
        assertThat(plain.toBuilder().ledgerRetention(Duration.ofDays(3650)).build().ledgerRetention())
                .isEqualTo(Duration.ofDays(3650));
        for (Duration bad : java.util.List.of(Duration.ofHours(23), Duration.ZERO, Duration.ofDays(-1),
                Duration.ofDays(3651), Duration.ofDays(2).plusMillis(1))) {
            assertThatThrownBy(() -> plain.toBuilder().ledgerRetention(bad).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ledgerRetention of function 'f' must be whole seconds between 1 day and 3650 days: "
                            + bad);
        }
    }

    @Test
    void aNullTopicIsABadNameNotANullPointer() {
        assertThatThrownBy(() -> FunctionSpec.builder("f").topics(java.util.Arrays.asList("a", null)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid topic name null");
    }

    @Test
    void backoffGrowsAndIsCapped() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), 2.0, Duration.ofMillis(350));
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(350));
        assertThat(backoff.delayAfter(60)).isEqualTo(Duration.ofMillis(350));
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2)))
                .hasMessageContaining("multiplier");
    }

    @Test
    void invocationChecksStatusAgainstResultAndError() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> new Invocation("id", "f", 1, "t", 0, 0, "e", null, "{}",
                InvocationStatus.SUCCEEDED, null, null, "", false, 1, false, now, now, now, "local"))
                .hasMessageContaining("needs a result");
        assertThatThrownBy(() -> new Invocation("id", "f", 1, "t", 0, 0, "e", null, "{}",
                InvocationStatus.FAILED, null, null, "", false, 1, false, now, now, now, "local"))
                .hasMessageContaining("needs an error");
        Invocation ok = new Invocation(Invocation.idOf("t", 0, 7, "f"), "f", 1, "t", 0, 7, "e", null, "{}",
                InvocationStatus.SUCCEEDED, "1", null, null, false, 1, false, now, now, now.plusMillis(12), null);
        assertThat(ok.id()).isEqualTo("t:0:7:f");
        assertThat(ok.durationMs()).isEqualTo(12);
        assertThat(ok.logs()).isEmpty();
    }

    @Test
    void eventCopiesHeadersAndChecksPosition() {
        Event event = new Event("id", "t", 0, 0, null, "{}", Map.of("a", "b"), Instant.EPOCH);
        assertThat(event.headers()).containsEntry("a", "b");
        assertThatThrownBy(() -> new Event("id", "t", -1, 0, null, "{}", Map.of(), Instant.EPOCH))
                .hasMessageContaining("partition");
    }

    @Test
    void invalidFunctionExceptionSummarisesErrors() {
        InvalidFunctionException e = new InvalidFunctionException("f", List.of(
                Diagnostic.error(3, 5, "undefined name 'x'"), Diagnostic.warning(1, 1, "'os' imported but unused")));
        assertThat(e.getMessage()).isEqualTo("function 'f' is invalid: 3:5: undefined name 'x'");
        assertThat(e.diagnostics()).hasSize(2);
    }

    @Test
    void queryLimitsArePrecise() {
        assertThatThrownBy(() -> InvocationQuery.builder().limit(0).build()).hasMessageContaining("limit");
        assertThat(InvocationQuery.all().limit()).isEqualTo(50);
    }
}
