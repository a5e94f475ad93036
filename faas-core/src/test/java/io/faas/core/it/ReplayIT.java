package io.faas.core.it;

import io.faas.api.FunctionNotFoundException;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStateException;
import io.faas.api.InvocationStatus;
import io.faas.api.Replay;
import io.faas.api.ReplayRequest;
import io.faas.api.ReplayStatus;
import io.faas.api.Topic;
import io.faas.api.TopicNotFoundException;
import io.faas.core.FaasClient;
import io.faas.core.FaasClients;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Replays: a chosen version over retained events, records apart, bounded, with progress and cancel. */
@FaasTest
class ReplayIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<Invocation> live(FaasClient faas, String function) {
        return faas.invocations().query(InvocationQuery.builder().function(function).limit(1000).build()).items();
    }

    private static Replay finished(FaasClient faas, String id) {
        await().atMost(WAIT).until(() -> faas.replays().get(id).orElseThrow().status() != ReplayStatus.RUNNING);
        return faas.replays().get(id).orElseThrow();
    }

    @Test
    void aReplayRunsTheChosenVersionOverRetainedEventsWithItsOwnRecords(FaasTestServers servers) {
        try (FaasClient faas = FaasClients.create(TestFaas.settings(servers).build())) {
            faas.topics().create(Topic.of("replay-orders", 2));
            faas.functions().register(FunctionSpec.python("tally", "replay-orders"),
                    "def handler(event, context):\n    return {'v': 1, 'n': event['n']}\n");
            faas.dispatcher().start();
            for (int i = 0; i < 10; i++) {
                faas.publisher().publish("replay-orders", "k" + i, "{\"n\":" + i + "}");
            }
            await().atMost(WAIT).until(() -> live(faas, "tally").size() == 10);
            faas.functions().update(FunctionSpec.python("tally", "replay-orders"),
                    "def handler(event, context):\n    return {'v': 2, 'n': event['n']}\n");

            Replay started = faas.replays().start(new ReplayRequest("after the fix", "replay-orders", "tally", 0,
                    0L, null, null));
            assertThat(started.version()).isEqualTo(2);
            assertThat(started.total()).isEqualTo(10);
            Replay done = finished(faas, started.id());
            assertThat(done.status()).isEqualTo(ReplayStatus.DONE);
            assertThat(done.done()).isEqualTo(10);
            assertThat(done.failed()).isZero();
            assertThat(done.finishedAt()).isNotNull();
            assertThat(done.rate()).isPositive();

            InvocationPage page = faas.replays().invocations(started.id(), 100, null);
            assertThat(page.items()).hasSize(10).allSatisfy(i -> {
                assertThat(i.id()).startsWith(started.id() + ":");
                assertThat(i.version()).isEqualTo(2);
                assertThat(i.result()).startsWith("{\"v\":2,");
            });
            // the live ledger holds the first run's ten records, unchanged, and no new one
            assertThat(live(faas, "tally")).hasSize(10).allMatch(i -> i.version() == 1);
            // the live group's offsets did not move back: nothing ran live again
            faas.publisher().publish("replay-orders", "k-late", "{\"n\":99}");
            await().atMost(WAIT).until(() -> live(faas, "tally").size() == 11);
            assertThat(live(faas, "tally")).filteredOn(i -> i.version() == 2).hasSize(1);

            // version 1, chosen explicitly, by time: only the late event
            Replay byTime = faas.replays().start(new ReplayRequest("late only", "replay-orders", "tally", 1, null,
                    live(faas, "tally").stream().filter(i -> i.version() == 2).findFirst().orElseThrow().queuedAt()
                            .minusSeconds(2), null));
            Replay late = finished(faas, byTime.id());
            assertThat(late.status()).isEqualTo(ReplayStatus.DONE);
            assertThat(faas.replays().invocations(byTime.id(), 100, null).items())
                    .extracting(Invocation::result).contains("{\"v\":1,\"n\":99}");
            assertThat(faas.replays().list()).extracting(Replay::id).startsWith(byTime.id(), started.id());
        }
    }

    @Test
    void aReplayCanBeCancelledAndBadRequestsAreRefused(FaasTestServers servers) {
        AtomicInteger calls = new AtomicInteger();
        io.faas.core.FaasSettings base = TestFaas.settings(servers).build();
        io.faas.core.FaasSettings twoWorkers = io.faas.core.FaasSettings.builder(base)
                .dispatcher(io.faas.core.DispatcherSettings.builder(base.dispatcher()).concurrency(2).build()).build();
        try (FaasClient faas = FaasClients.create(twoWorkers)) {
            faas.topics().create(Topic.of("replay-slow", 1));
            faas.functions().register(FunctionSpec.builder("slow").runtime(FunctionRuntime.JAVA).topics("replay-slow")
                    .build(), (event, ctx) -> {
                if (calls.incrementAndGet() > 30) {
                    Thread.sleep(200); // replayed events: 3 s on two workers, slow enough to cancel midway
                }
                return "ok";
            });
            ReplayRequest request = new ReplayRequest("slow", "replay-slow", "slow", 0, 0L, null, null);
            assertThatThrownBy(() -> faas.replays().start(request)).isInstanceOf(InvocationStateException.class);
            faas.dispatcher().start();
            for (int i = 0; i < 30; i++) {
                faas.publisher().publish("replay-slow", null, "{\"n\":" + i + "}");
            }
            await().atMost(WAIT).until(() -> live(faas, "slow").size() == 30);

            Replay started = faas.replays().start(request);
            await().atMost(WAIT).until(() -> faas.replays().get(started.id()).orElseThrow().done() >= 2);
            faas.replays().cancel(started.id());
            Replay cancelled = finished(faas, started.id());
            assertThat(cancelled.status()).isEqualTo(ReplayStatus.CANCELLED);
            assertThat(cancelled.done()).isBetween(2L, 29L);
            assertThat(faas.replays().invocations(started.id(), 100, null).items()).hasSize((int) cancelled.done())
                    .allMatch(i -> i.status() == InvocationStatus.SUCCEEDED);

            assertThatThrownBy(() -> faas.replays().start(new ReplayRequest("x", "replay-nowhere", "slow", 0, null,
                    null, null))).isInstanceOf(TopicNotFoundException.class);
            assertThatThrownBy(() -> faas.replays().start(new ReplayRequest("x", "replay-slow", "slow", 7, null,
                    null, null))).isInstanceOf(FunctionNotFoundException.class);
            assertThatThrownBy(() -> new ReplayRequest("x", "replay-slow", "slow", 0, 3L, Instant.now(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
            assertThatThrownBy(() -> faas.replays().cancel("no-such-replay"))
                    .isInstanceOf(io.faas.api.ReplayNotFoundException.class);
        }
    }
}
