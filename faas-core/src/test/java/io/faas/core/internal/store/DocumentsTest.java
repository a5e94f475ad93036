package io.faas.core.internal.store;

import io.faas.api.Attempt;
import io.faas.api.Backoff;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.Redrive;
import io.faas.api.Topic;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentsTest {

    private static final Instant T = Instant.parse("2026-11-29T10:15:30.123Z");

    @Test
    void functionVersionsRoundTrip() {
        FunctionSpec spec = FunctionSpec.builder("f").topics("a", "b").handler("main").timeout(Duration.ofSeconds(7))
                .memoryLimitMb(256).maxAttempts(5).backoff(new Backoff(Duration.ofMillis(50), 3.0, Duration.ofSeconds(2)))
                .executor("ssh:fast").build();
        FunctionVersion fv = new FunctionVersion(spec, 4, "def main(e, c):\n    pass\n", "abc", T);
        assertThat(Documents.toFunctionVersion(Documents.functionDocument(fv, java.util.Map.of()))).isEqualTo(fv);
        assertThat(Documents.versionDocument(fv).getString("_id")).isEqualTo("f#4");
        assertThat(Documents.toFunctionVersion(Documents.versionDocument(fv))).isEqualTo(fv);
    }

    @Test
    void subscriptionsWithFiltersRoundTripAndDocumentsWrittenBeforeThemStillRead() {
        java.util.Map<String, Object> pattern = new java.util.LinkedHashMap<>();
        pattern.put("type", List.of("created"));
        pattern.put("amount", List.of(java.util.Map.of("numeric", List.of(">", 100, "<=", 2.5e3))));
        pattern.put("$or", List.of(java.util.Map.of("$key", List.of(java.util.Map.of("prefix", "k"))),
                java.util.Map.of("$headers", java.util.Map.of("a.b", List.of(true)))));
        FunctionSpec spec = FunctionSpec.builder("f").topics("plain")
                .subscribe(io.faas.api.Subscription.of("orders", pattern)).build();
        FunctionVersion fv = new FunctionVersion(spec, 2, "def handler(e, c):\n    pass\n", "abc", T);
        Document stored = Documents.functionDocument(fv, java.util.Map.of());

        assertThat(stored.getList("topics", String.class)).containsExactly("orders", "plain");
        assertThat(Documents.toFunctionVersion(stored)).isEqualTo(fv);
        assertThat(Documents.toFunctionVersion(Documents.versionDocument(fv))).isEqualTo(fv);
        stored.remove("subscriptions");
        assertThat(Documents.toFunctionVersion(stored).spec().subscriptions())
                .containsExactly(io.faas.api.Subscription.of("orders"), io.faas.api.Subscription.of("plain"));
    }

    @Test
    void theNetworkFlagRoundTripsAndIsOffInDocumentsWrittenBeforeIt() {
        FunctionSpec spec = FunctionSpec.builder("net").topics("a").network(true).build();
        FunctionVersion fv = new FunctionVersion(spec, 1, "def handler(e, c):\n    pass\n", "abc", T);
        org.bson.Document stored = Documents.functionDocument(fv, java.util.Map.of());

        assertThat(Documents.toFunctionVersion(stored).spec().network()).isTrue();
        stored.remove("network");
        assertThat(Documents.toFunctionVersion(stored).spec().network()).isFalse();
    }

    @Test
    void theLedgerRetentionRoundTripsAndIsUnsetInDocumentsWrittenBeforeIt() {
        FunctionSpec spec = FunctionSpec.builder("kept").topics("a").ledgerRetention(Duration.ofDays(90)).build();
        FunctionVersion fv = new FunctionVersion(spec, 1, "def handler(e, c):\n    pass\n", "abc", T);
        Document stored = Documents.functionDocument(fv, java.util.Map.of());
        assertThat(stored.get("ledgerRetentionSeconds")).isEqualTo(90L * 24 * 3600);
        assertThat(Documents.toFunctionVersion(stored)).isEqualTo(fv);
        assertThat(Documents.toFunctionVersion(Documents.versionDocument(fv))).isEqualTo(fv);

        FunctionVersion plain = new FunctionVersion(FunctionSpec.python("plain", "a"), 1, "x = 1\n", "abc", T);
        Document old = Documents.versionDocument(plain);
        assertThat(old).as("no field for the default").doesNotContainKey("ledgerRetentionSeconds");
        assertThat(Documents.toFunctionVersion(old).spec().ledgerRetention()).isNull();
    }

    @Test
    void aFinalRecordExpiresRetentionAfterItFinishedAndARunningOneNever() {
        Invocation done = new Invocation("t:1:9:f", "f", 2, "t", 1, 9, "e-1", "k", "{}", InvocationStatus.SUCCEEDED,
                "1", null, "", false, 1, false, T, T.plusMillis(5), T.plusMillis(30), "local");
        Document d = Documents.invocationDocument(done, Duration.ofDays(30));
        assertThat(d.getDate(Documents.EXPIRE_AT).toInstant()).isEqualTo(T.plusMillis(30).plus(Duration.ofDays(30)));
        assertThat(Documents.toInvocation(d)).as("the expiry is not part of the record").isEqualTo(done);

        Invocation running = new Invocation("t:1:10:f", "f", 2, "t", 1, 10, "e-2", null, "[]",
                InvocationStatus.RUNNING, null, null, "", false, 0, false, T, null, null, "local");
        assertThat(Documents.invocationDocument(running, Duration.ofDays(30))).doesNotContainKey(Documents.EXPIRE_AT);
    }

    @Test
    void topicsRoundTrip() {
        Topic t = new Topic("orders", 6, Ordering.NONE);
        assertThat(Documents.toTopic(Documents.topicDocument(t, true, T))).isEqualTo(t);
    }

    @Test
    void invocationsRoundTripWithAndWithoutOptionalParts() {
        Invocation failed = new Invocation("t:1:9:f", "f", 2, "t", 1, 9, "e-1", "k", "{\"a\":1}",
                InvocationStatus.FAILED, null, new InvocationError("ValueError", "bad", "Traceback..."), "printed",
                true, 3, true, T, T.plusMillis(5), T.plusMillis(30), "local");
        assertThat(Documents.toInvocation(Documents.invocationDocument(failed))).isEqualTo(failed);
        assertThat(Documents.invocationDocument(failed).get("durationMs")).isEqualTo(25L);

        Invocation running = new Invocation("t:1:10:f", "f", 2, "t", 1, 10, "e-2", null, "[]",
                InvocationStatus.RUNNING, null, null, "", false, 0, false, T, null, null, "local");
        assertThat(Documents.toInvocation(Documents.invocationDocument(running))).isEqualTo(running);
    }

    @Test
    void historyAndRedrivesRoundTripAndALoneAttemptIsNotStoredTwice() {
        InvocationError bad = new InvocationError("ValueError", "bad", null);
        Attempt first = new Attempt(1, 0, InvocationStatus.FAILED, bad, "x".repeat(5000), false, T, T.plusMillis(5),
                "local");
        assertThat(first.logs()).hasSize(Attempt.LOG_LIMIT);
        assertThat(first.logsTruncated()).isTrue();
        Attempt again = new Attempt(1, 1, InvocationStatus.SUCCEEDED, null, "ok", false, T.plusMillis(50),
                T.plusMillis(60), "local");
        Invocation redriven = new Invocation("t:0:1:f", "f", 3, "t", 0, 1, "e", null, "{}", InvocationStatus.SUCCEEDED,
                "1", null, "ok", false, 1, false, T.plusMillis(40), T.plusMillis(50), T.plusMillis(60), "local",
                List.of(first, again), List.of(new Redrive(1, T.plusMillis(40), InvocationStatus.FAILED, bad, 2)));
        Document d = Documents.invocationDocument(redriven);
        assertThat(d.getInteger("redriveCount")).isEqualTo(1);
        assertThat(Documents.toInvocation(d)).isEqualTo(redriven);

        Attempt only = new Attempt(1, 0, InvocationStatus.SUCCEEDED, null, "ok", false, T, T.plusMillis(3), "local");
        Invocation once = new Invocation("t:0:2:f", "f", 1, "t", 0, 2, "e", null, "{}", InvocationStatus.SUCCEEDED,
                "1", null, "ok", false, 1, false, T, T, T.plusMillis(3), "local", List.of(only), List.of());
        Document compact = Documents.invocationDocument(once);
        assertThat(compact.containsKey("history")).as("the record's own fields are its one attempt").isFalse();
        assertThat(compact.containsKey("redrives")).as("none").isFalse();
        assertThat(Documents.toInvocation(compact)).isEqualTo(once);
    }
}
