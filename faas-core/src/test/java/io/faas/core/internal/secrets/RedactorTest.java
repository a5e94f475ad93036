package io.faas.core.internal.secrets;

import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionResult;
import io.faas.core.internal.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void replacesEveryOccurrenceInResultLogsMessageAndTraceback() {
        Redactor redactor = Redactor.of(List.of("s3cr3t-Value"));
        ExecutionResult failed = ExecutionResult.failed(new InvocationError("ValueError", "bad s3cr3t-Value",
                "Traceback\n  raise ValueError('bad s3cr3t-Value')\n"), "got s3cr3t-Value and s3cr3t-Value\n", false,
                false, NOW, NOW);

        ExecutionResult redacted = redactor.redact(failed);

        assertThat(redacted.error().message()).isEqualTo("bad ***");
        assertThat(redacted.error().traceback()).isEqualTo("Traceback\n  raise ValueError('bad ***')\n");
        assertThat(redacted.logs()).isEqualTo("got *** and ***\n");
        assertThat(redacted.status()).isEqualTo(InvocationStatus.FAILED);
        ExecutionResult ok = redactor.redact(ExecutionResult.succeeded("{\"token\":\"s3cr3t-Value\"}", "", false, false,
                NOW, NOW));
        assertThat(ok.result()).isEqualTo("{\"token\":\"***\"}");
    }

    @Test
    void findsValuesInTheirJsonEscapedForms() {
        String secret = "quo\"te\\back\nslash-é";
        Redactor redactor = Redactor.of(List.of(secret));
        String jackson = Json.mapper().writeValueAsString(List.of(secret));
        String python = "[\"quo\\\"te\\\\back\\nslash-\\u00e9\"]"; // json.dumps with ensure_ascii

        assertThat(redactor.redact(jackson)).isEqualTo("[\"***\"]");
        assertThat(redactor.redact(python)).isEqualTo("[\"***\"]");
        assertThat(redactor.redact("raw: " + secret)).isEqualTo("raw: ***");
    }

    @Test
    void aResultThatIsNoLongerJsonBecomesAString() {
        ExecutionResult redacted = Redactor.of(List.of("12345")).redact(
                ExecutionResult.succeeded("{\"n\": 12345}", "", false, false, NOW, NOW));
        assertThat(Json.problem(redacted.result())).isEmpty();
        assertThat(redacted.result()).isEqualTo("\"{\\\"n\\\": ***}\"");
    }

    @Test
    void theLongerOfTwoOverlappingValuesIsReplacedWhole() {
        assertThat(Redactor.of(List.of("abc", "abcdef")).redact("xabcdefx abc")).isEqualTo("x***x ***");
        assertThat(Redactor.of(List.of()).redact("abc")).isEqualTo("abc");
    }
}
