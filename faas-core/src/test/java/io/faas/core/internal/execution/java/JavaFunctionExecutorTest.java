package io.faas.core.internal.execution.java;

import io.faas.api.Event;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.InvocationStatus;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class JavaFunctionExecutorTest {

    private final JavaFunctionExecutor executor = new JavaFunctionExecutor();

    @AfterEach
    void close() {
        executor.close();
    }

    private static ExecutionRequest request(String name, Duration timeout) {
        FunctionVersion fv = new FunctionVersion(FunctionSpec.builder(name).runtime(io.faas.api.FunctionRuntime.JAVA)
                .topics("t").timeout(timeout).build(), 1, "", "hash", Instant.now());
        return new ExecutionRequest(fv, new Event("e-1", "t", 0, 0, null, "{\"n\": 1}", Map.of(), Instant.now()), 1,
                timeout, 65536);
    }

    private void bind(String name, FunctionHandler handler) {
        executor.bind(name, handler);
    }

    @Test
    void runsTheHandlerOnTheCallingThread() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        bind("here", (event, ctx) -> {
            ranOn.set(Thread.currentThread());
            return Map.of("n", 2);
        });

        ExecutionResult result = executor.execute(request("here", Duration.ofSeconds(5)));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(result.result()).isEqualTo("{\"n\":2}");
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void aHandlerPastItsTimeoutIsInterruptedAndTheCallerIsLeftUninterrupted() throws Exception {
        bind("sleepy", (event, ctx) -> {
            Thread.sleep(10_000);
            return "never";
        });

        long t0 = System.nanoTime();
        ExecutionResult result = executor.execute(request("sleepy", Duration.ofMillis(200)));
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(result.error().type()).isEqualTo("TimeoutError");
        assertThat(millis).isBetween(190L, 5_000L);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(executor.execute(request("sleepy", Duration.ofMillis(1))).status())
                .isEqualTo(InvocationStatus.TIMED_OUT);
    }

    @Test
    void aHandlerThatIgnoresTheInterruptIsTimedOutWhenItReturns() throws Exception {
        bind("stubborn", (event, ctx) -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return "late";
        });

        ExecutionResult result = executor.execute(request("stubborn", Duration.ofMillis(100)));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void anInterruptedCallerGetsInterruptedException() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        bind("waits", (event, ctx) -> {
            running.countDown();
            Thread.sleep(10_000);
            return "never";
        });
        CompletableFuture<Object> ending = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                ending.complete(executor.execute(request("waits", Duration.ofSeconds(30))));
            } catch (Throwable t) {
                ending.complete(t);
            }
        });
        caller.start();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        caller.interrupt();

        assertThat(ending.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void anExceptionOrErrorIsAFailedResultWithItsTrace() throws Exception {
        bind("throws", (event, ctx) -> {
            throw new IllegalStateException("no " + ctx.functionName());
        });
        bind("errs", (event, ctx) -> {
            throw new AssertionError("bad");
        });

        ExecutionResult thrown = executor.execute(request("throws", Duration.ofSeconds(5)));
        ExecutionResult erred = executor.execute(request("errs", Duration.ofSeconds(5)));

        assertThat(thrown.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(thrown.error().type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(thrown.error().message()).isEqualTo("no throws");
        assertThat(thrown.error().traceback()).contains("JavaFunctionExecutorTest");
        assertThat(erred.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(erred.error().type()).isEqualTo("java.lang.AssertionError");
    }
}
