package io.faas.core.internal.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "1", "\"x\"", "null", "true", " {\"a\": [1, 2.5, {\"b\": null}]} "})
    void acceptsOneJsonValue(String text) {
        assertThat(Json.problem(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "not json", "{} {}", "[1,]", "{'a': 1}"})
    void refusesEverythingElseWithAReason(String text) {
        assertThat(Json.problem(text)).hasValueSatisfying(reason -> assertThat(reason).isNotBlank());
    }

    @Test
    void reasonNamesThePositionButNotTheInput() {
        assertThat(Json.problem("{\"secret\": oops}")).hasValueSatisfying(r -> {
            assertThat(r).contains("line 1");
            assertThat(r).doesNotContain("secret");
        });
    }

    @Test
    void nestingIsLimitedAtTheDepthThePublisherPromisesWithAPlainReason() {
        int max = io.faas.api.EventPublisher.MAX_PAYLOAD_DEPTH;
        assertThat(Json.problem("[".repeat(max) + "]".repeat(max))).isEmpty();
        assertThat(Json.problem("{\"a\":".repeat(max - 1) + "{}" + "}".repeat(max - 1))).isEmpty();
        assertThat(Json.problem("[".repeat(max + 1) + "]".repeat(max + 1)))
                .hasValueSatisfying(r -> assertThat(r).contains("nested deeper than " + max));
        // far past the reader's own limit: still our reason, not the reader's internals
        assertThat(Json.problem("[".repeat(5_000) + "]".repeat(5_000)))
                .hasValueSatisfying(r -> assertThat(r).contains("nested deeper").doesNotContain("StreamReadConstraints"));
    }

    @Test
    void aNumberOverTheReadersLimitIsRefusedWithoutItsInternals() {
        assertThat(Json.problem("{\"n\": " + "9".repeat(5_000) + "}")).hasValueSatisfying(r ->
                assertThat(r).contains("longer than the JSON reader accepts").doesNotContain("StreamReadConstraints", "`"));
    }

    @Test
    void decodesToPlainJavaValues() {
        Object value = Json.decode("{\"a\": [1, \"x\", null, true]}");
        assertThat(value).isEqualTo(Map.of("a", java.util.Arrays.asList(1, "x", null, true)));
        assertThat(Json.encode(List.of(1, 2))).isEqualTo("[1,2]");
    }

    @Test
    void aPayloadMarkedCheckedIsNotReadAgainOnThatThreadOnly() throws Exception {
        // Not valid JSON, so an answer of "no problem" can only come from the mark.
        String payload = "{\"a\": ";
        String equalCopy = new String(payload.toCharArray());

        assertThat(Json.problemUnlessChecked(payload)).isPresent();
        Json.checked(payload, () -> {
            assertThat(Json.problemUnlessChecked(payload)).as("the marked string").isEmpty();
            assertThat(Json.problemUnlessChecked(equalCopy)).as("an equal string, another instance").isPresent();
            Thread other = new Thread(() ->
                    assertThat(Json.problemUnlessChecked(payload)).as("another thread").isPresent());
            other.start();
            other.join();
            Json.checked("{}", () -> assertThat(Json.problemUnlessChecked(payload)).as("inner scope").isPresent());
            assertThat(Json.problemUnlessChecked(payload)).as("outer scope restored").isEmpty();
            return null;
        });
        assertThat(Json.problemUnlessChecked(payload)).as("after the scope").isPresent();
    }
}
