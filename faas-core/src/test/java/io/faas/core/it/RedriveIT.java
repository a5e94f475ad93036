package io.faas.core.it;

import io.faas.api.Attempt;
import io.faas.api.Backoff;
import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStateException;
import io.faas.api.InvocationStatus;
import io.faas.api.Topic;
import io.faas.core.FaasClient;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redrive end to end: through the pipeline, with its history, one winner, handed back at close. */
@FaasTest
class RedriveIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private FaasSettings settings;
    private Faas faas;
    private final AtomicBoolean fixed = new AtomicBoolean();
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean holdWhenFixed;

    @BeforeEach
    void start(FaasTestServers servers) {
        settings = TestFaas.settings(servers).build();
        faas = TestFaas.create(settings);
        faas.topics().create(Topic.of("rd"));
        faas.functions().register(FunctionSpec.java("flaky", "rd").toBuilder().maxAttempts(2)
                .backoff(Backoff.fixed(Duration.ofMillis(150))).build(), (event, ctx) -> {
                    runs.incrementAndGet();
                    if (!fixed.get()) {
                        throw new IllegalStateException("not yet");
                    }
                    if (holdWhenFixed) {
                        gate.await();
                    }
                    return "fixed";
                });
        faas.dispatcher().start();
    }

    @AfterEach
    void stop() {
        gate.countDown();
        faas.close();
    }

    private Invocation failedOnce() {
        Invocation failed = faas.publisher().publishAndAwait("rd", "{\"n\":1}", WAIT).get(0);
        assertThat(failed.status()).isEqualTo(InvocationStatus.FAILED);
        return failed;
    }

    @Test
    void aRecordKeepsEveryAttemptAndEveryRedriveAndTheRedriveGoesThroughTheLedgerWriter() {
        List<Invocation> heard = new CopyOnWriteArrayList<>();
        ((FaasClient) faas).addInvocationListener(heard::add);
        Invocation failed = failedOnce();
        assertThat(failed.history()).extracting(Attempt::number, Attempt::redrive, Attempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0, InvocationStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple(2, 0, InvocationStatus.FAILED));
        assertThat(failed.history()).allSatisfy(a -> {
            assertThat(a.error().message()).contains("not yet");
            assertThat(a.executor()).isEqualTo("java");
            assertThat(a.finishedAt()).isAfterOrEqualTo(a.startedAt());
        });
        assertThat(failed.durationMs()).as("covers both attempts and the backoff between").isGreaterThanOrEqualTo(150);
        assertThat(failed.startedAt()).isEqualTo(failed.history().get(0).startedAt());

        fixed.set(true);
        assertThat(faas.dispatcher().redrive(failed.id()).status()).isEqualTo(InvocationStatus.RUNNING);
        await().atMost(WAIT).until(() -> faas.invocations().find(failed.id()).orElseThrow().status()
                == InvocationStatus.SUCCEEDED);

        Invocation redriven = faas.invocations().find(failed.id()).orElseThrow();
        assertThat(redriven.result()).isEqualTo("\"fixed\"");
        assertThat(redriven.attempts()).isEqualTo(1);
        assertThat(redriven.history()).extracting(Attempt::number, Attempt::redrive, Attempt::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0, InvocationStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple(2, 0, InvocationStatus.FAILED),
                        org.assertj.core.groups.Tuple.tuple(1, 1, InvocationStatus.SUCCEEDED));
        assertThat(redriven.redrives()).singleElement().satisfies(r -> {
            assertThat(r.number()).isEqualTo(1);
            assertThat(r.replacedStatus()).isEqualTo(InvocationStatus.FAILED);
            assertThat(r.replacedError().message()).contains("not yet");
        });
        await().atMost(WAIT).until(() -> heard.stream().anyMatch(i -> i.id().equals(failed.id())
                && i.status() == InvocationStatus.SUCCEEDED));
    }

    @Test
    void exactlyOneOfConcurrentRedrivesOfOneRecordWins() throws Exception {
        Invocation failed = failedOnce();
        fixed.set(true);
        int before = runs.get();
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    try {
                        return faas.dispatcher().redrive(failed.id()).status() == InvocationStatus.RUNNING;
                    } catch (InvocationStateException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> answer : answers) {
                won += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
        await().atMost(WAIT).until(() -> faas.invocations().find(failed.id()).orElseThrow().status()
                == InvocationStatus.SUCCEEDED);
        assertThat(runs.get() - before).as("the function ran once more").isEqualTo(1);
        assertThat(faas.invocations().find(failed.id()).orElseThrow().redrives()).hasSize(1);
    }

    @Test
    void aRedriveStillRunningAtCloseIsHandedBackAndCanBeRedrivenAgain() {
        Invocation failed = failedOnce();
        fixed.set(true);
        holdWhenFixed = true;
        int before = runs.get();
        faas.dispatcher().redrive(failed.id());
        await().atMost(WAIT).until(() -> runs.get() > before);

        faas.dispatcher().close(Duration.ofMillis(200));
        Invocation handedBack = faas.invocations().find(failed.id()).orElseThrow();
        assertThat(handedBack.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(handedBack.error()).isEqualTo(failed.error());
        assertThat(handedBack.redrives()).isEmpty();

        faas.close();
        holdWhenFixed = false;
        faas = TestFaas.create(settings);
        faas.functions().update(FunctionSpec.java("flaky", "rd"), (event, ctx) -> "again");
        faas.dispatcher().start();
        faas.dispatcher().redrive(failed.id());
        await().atMost(WAIT).until(() -> faas.invocations().find(failed.id()).orElseThrow().status()
                == InvocationStatus.SUCCEEDED);
    }
}
