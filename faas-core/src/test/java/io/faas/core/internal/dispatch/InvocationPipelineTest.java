package io.faas.core.internal.dispatch;

import io.faas.api.Backoff;
import io.faas.api.Event;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.DispatcherSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InvocationPipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Invocation> ledger = new CopyOnWriteArrayList<>();
    private final List<Invocation> deadLettered = new CopyOnWriteArrayList<>();
    private final List<Integer> attempts = new CopyOnWriteArrayList<>();
    private final InFlightTracker tracker = new InFlightTracker();
    private Function<ExecutionRequest, ExecutionResult> behaviour;
    private InvocationPipeline pipeline;

    /** Counts what the pipeline reports for one event. */
    static final class Completion implements EventCompletion {
        final AtomicBoolean fenced = new AtomicBoolean();
        final AtomicInteger recorded = new AtomicInteger();
        final AtomicInteger abandoned = new AtomicInteger();

        @Override
        public boolean fenced() {
            return fenced.get();
        }

        @Override
        public void recorded() {
            recorded.incrementAndGet();
        }

        @Override
        public void abandoned() {
            abandoned.incrementAndGet();
        }
    }

    private final FunctionExecutor executor = new FunctionExecutor() {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public boolean supports(FunctionRuntime runtime) {
            return true;
        }

        @Override
        public boolean isRunning() {
            return true;
        }

        @Override
        public ExecutionResult execute(ExecutionRequest request) {
            attempts.add(request.attempt());
            return behaviour.apply(request);
        }

        @Override
        public void close() {
        }
    };

    private void start() {
        ExecutorRouter router = new ExecutorRouter(List.of(executor), Map.of(FunctionRuntime.JAVA, "test"));
        pipeline = new InvocationPipeline(DispatcherSettings.builder().concurrency(2).build(), router,
                (invocation, durable) -> {
                    ledger.add(invocation);
                    durable.run();
                },
                (failed, then) -> {
                    deadLettered.add(failed);
                    then.run();
                }, tracker, topic -> Ordering.KEY);
        pipeline.start();
    }

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    private static FunctionVersion function(String name, int maxAttempts) {
        FunctionSpec spec = FunctionSpec.java(name, "t").toBuilder().maxAttempts(maxAttempts)
                .backoff(Backoff.fixed(Duration.ofMillis(20))).build();
        return new FunctionVersion(spec, 1, null, "h", Instant.now());
    }

    private static Event event(long offset, String payload) {
        return new Event("e" + offset, "t", 0, offset, "k", payload, Map.of(), Instant.now());
    }

    private static ExecutionResult failed() {
        return ExecutionResult.failed(InvocationError.of("Boom", "boom"), "", false, false, Instant.now(),
                Instant.now());
    }

    @Test
    void fansOutToEveryFunctionAndRecordsEach() {
        behaviour = r -> ExecutionResult.succeeded("1", "", false, false, Instant.now(), Instant.now());
        start();
        Completion c = new Completion();
        pipeline.submit(event(0, "{}"), List.of(function("a", 1), function("b", 1)), c);
        await().atMost(WAIT).until(() -> c.recorded.get() == 2);
        assertThat(ledger).extracting(Invocation::function).containsExactlyInAnyOrder("a", "b");
        assertThat(deadLettered).isEmpty();
        assertThat(tracker.invocations()).isZero();
    }

    @Test
    void retriesWithBackoffThenDeadLettersBeforeRecording() {
        behaviour = r -> failed();
        start();
        Completion c = new Completion();
        pipeline.submit(event(0, "{}"), List.of(function("f", 3)), c);
        await().atMost(WAIT).until(() -> c.recorded.get() == 1);
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(deadLettered).singleElement().satisfies(i -> assertThat(i.attempts()).isEqualTo(3));
        assertThat(ledger).singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(InvocationStatus.FAILED));
        assertThat(tracker.invocations()).isZero();
    }

    @Test
    void fencedWorkStartsNoNewAttemptAndIsNotRecorded() {
        Completion c = new Completion();
        behaviour = r -> {
            c.fenced.set(true); // the partition is revoked while the first attempt runs
            return failed();
        };
        start();
        pipeline.submit(event(0, "{}"), List.of(function("f", 3)), c);
        await().atMost(WAIT).until(() -> c.abandoned.get() == 1);
        assertThat(attempts).containsExactly(1);
        assertThat(ledger).isEmpty();
        assertThat(deadLettered).isEmpty();
        assertThat(c.recorded.get()).isZero();
        assertThat(tracker.invocations()).isZero();
    }

    @Test
    void aFinishedAttemptOfFencedWorkIsStillRecordedAndTheLaneMovesOn() {
        Completion first = new Completion();
        behaviour = r -> {
            first.fenced.set(true);
            return ExecutionResult.succeeded("1", "", false, false, Instant.now(), Instant.now());
        };
        start();
        Completion second = new Completion();
        second.fenced.set(true);
        Completion third = new Completion();
        FunctionVersion f = function("f", 1);
        pipeline.submit(event(0, "{}"), List.of(f), first);  // same key: one lane
        pipeline.submit(event(1, "{}"), List.of(f), second);
        pipeline.submit(event(2, "{}"), List.of(f), third);
        await().atMost(WAIT).until(() -> third.recorded.get() == 1);
        assertThat(first.recorded.get()).isEqualTo(1);
        assertThat(second.abandoned.get()).isEqualTo(1);
        // the lane is released before the first record is stored, so the two may be stored in either order
        assertThat(ledger).extracting(Invocation::offset).containsExactlyInAnyOrder(0L, 2L);
        assertThat(attempts).as("the fenced event ran no attempt").hasSize(2);
    }

    @Test
    void anInvalidPayloadFailsWithoutRunning() {
        behaviour = r -> ExecutionResult.succeeded("1", "", false, false, Instant.now(), Instant.now());
        start();
        Completion c = new Completion();
        pipeline.submit(event(0, "{not json"), List.of(function("f", 3)), c);
        await().atMost(WAIT).until(() -> c.recorded.get() == 1);
        assertThat(attempts).isEmpty();
        assertThat(ledger).singleElement().satisfies(i -> assertThat(i.error().type()).isEqualTo("InvalidEventPayload"));
        assertThat(deadLettered).hasSize(1);
    }
}
