package io.faas.examples.admin.api;

import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.examples.admin.api.InvocationStats.Bucket;
import io.faas.examples.admin.api.InvocationStats.Summary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvocationStatsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");

    private static Invocation run(int second, InvocationStatus status, long durationMs) {
        Instant queued = T0.plusSeconds(second);
        boolean done = status.isFinal();
        return new Invocation("t:0:" + second + ":f", "f", 1, "t", 0, second, "e" + second, null, "{}", status,
                status == InvocationStatus.SUCCEEDED ? "1" : null,
                done && status != InvocationStatus.SUCCEEDED ? InvocationError.of("E", "boom") : null,
                "", false, 1, false, queued, queued, done ? queued.plusMillis(durationMs) : null, "local");
    }

    @Test
    void countsErrorRateAndNearestRankPercentiles() {
        List<Invocation> all = new ArrayList<>();
        for (int i = 1; i <= 18; i++) {
            all.add(run(i, InvocationStatus.SUCCEEDED, i * 10L));
        }
        all.add(run(19, InvocationStatus.FAILED, 190));
        all.add(run(20, InvocationStatus.TIMED_OUT, 1000));
        all.add(run(21, InvocationStatus.RUNNING, 0));

        Summary s = InvocationStats.summarize(all);

        assertThat(s.invocations()).isEqualTo(21);
        assertThat(s.succeeded()).isEqualTo(18);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.timedOut()).isEqualTo(1);
        assertThat(s.running()).isEqualTo(1);
        assertThat(s.errorRate()).isEqualTo(0.1);
        assertThat(s.p50Ms()).isEqualTo(100);
        assertThat(s.p95Ms()).isEqualTo(190);
    }

    @Test
    void nothingFinishedHasNoRateAndNoPercentiles() {
        Summary s = InvocationStats.summarize(List.of(run(1, InvocationStatus.RUNNING, 0)));
        assertThat(s.errorRate()).isNull();
        assertThat(s.p50Ms()).isNull();
        assertThat(s.p95Ms()).isNull();
        assertThat(InvocationStats.summarize(List.of()).invocations()).isZero();
    }

    @Test
    void bucketsSliceTheWindowAndLeaveOutWhatIsOutside() {
        List<Invocation> all = List.of(
                run(0, InvocationStatus.SUCCEEDED, 5),
                run(9, InvocationStatus.FAILED, 7),
                run(10, InvocationStatus.SUCCEEDED, 9),
                run(29, InvocationStatus.SUCCEEDED, 11),
                run(30, InvocationStatus.SUCCEEDED, 13),
                run(-1, InvocationStatus.SUCCEEDED, 15));

        List<Bucket> buckets = InvocationStats.buckets(all, T0, T0.plusSeconds(30), 3);

        assertThat(buckets).extracting(Bucket::start)
                .containsExactly(T0, T0.plusSeconds(10), T0.plusSeconds(20));
        assertThat(buckets).extracting(Bucket::invocations).containsExactly(2L, 1L, 1L);
        assertThat(buckets.get(0).errors()).isEqualTo(1);
        assertThat(buckets.get(0).errorRate()).isEqualTo(0.5);
        assertThat(buckets.get(0).p95Ms()).isEqualTo(7);
        assertThat(buckets.get(1).errorRate()).isZero();
    }

    @Test
    void anEmptyBucketIsAGap() {
        Bucket empty = InvocationStats.buckets(List.of(), T0, T0.plusSeconds(60), 6).get(2);
        assertThat(empty.invocations()).isZero();
        assertThat(empty.errorRate()).isNull();
        assertThat(empty.p50Ms()).isNull();
    }

    @Test
    void refusesNoBucketsOrAnEmptyWindow() {
        assertThatThrownBy(() -> InvocationStats.buckets(List.of(), T0, T0.plusSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvocationStats.buckets(List.of(), T0, T0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
