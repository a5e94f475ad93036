package io.faas.core.it.faults;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults against a dispatcher in a child JVM with the broker and the MongoDB-wire server in two
 * more: kill -9 and SIGTERM of the dispatcher, kill -9 and restart of each server, and a storm of
 * crashing and hanging Python workers. Each scenario publishes {@link Rig#EVENTS} events (3,000;
 * {@code -Dfaas.faults.events=100000} for the long mode), strikes once some but not all are
 * recorded, and asserts that every mapped function has exactly one final record of every event.
 * It reports the re-executions of the Java function and the time to drain after the fault, and
 * appends them to {@link Rig#SUMMARY}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    private static final int EVENTS = Rig.EVENTS;
    private static final Duration PACE = Duration.ofMillis(Math.max(8_000, EVENTS / 2));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void freshSummary() throws Exception {
        Files.deleteIfExists(Rig.SUMMARY);
    }

    @Test
    @Order(1)
    void killDashNineOfTheDispatcher() throws Exception {
        run("dispatcher-kill-9", false, (rig, servers) -> {
            servers.dispatcher().kill();
            return "restartMillis=" + rig.dispatcher(false).readyMillis();
        });
    }

    @Test
    @Order(2)
    void gracefulStopOfTheDispatcher() throws Exception {
        run("dispatcher-sigterm", false, (rig, servers) -> {
            long t = System.nanoTime();
            assertThat(servers.dispatcher().stop()).as("the dispatcher ended within a minute of SIGTERM").isTrue();
            long stopMillis = (System.nanoTime() - t) / 1_000_000;
            return "stopMillis=" + stopMillis + " restartMillis=" + rig.dispatcher(false).readyMillis();
        });
    }

    @Test
    @Order(3)
    void killDashNineAndRestartOfTheBroker() throws Exception {
        run("broker-kill-9", false, (rig, servers) -> {
            servers.broker().kill();
            return "restartMillis=" + rig.broker().readyMillis();
        });
    }

    @Test
    @Order(4)
    void killDashNineAndRestartOfTheMongoWireServer() throws Exception {
        run("mongo-kill-9", false, (rig, servers) -> {
            servers.mongo().kill();
            // Down until a ledger write has failed (past the driver's own server-selection wait),
            // so the dispatcher's retry path runs, not only the driver's.
            long t = System.nanoTime();
            servers.dispatcher().awaitLogged("failed, retrying");
            return "downMillis=" + (System.nanoTime() - t) / 1_000_000 + " restartMillis=" + rig.mongo().readyMillis();
        });
    }

    @Test
    @Order(5)
    void stormOfCrashingAndHangingPythonWorkers() throws Exception {
        // 1 % of the events crash the worker (os._exit), 0.5 % hang past the 1 s timeout; two
        // attempts each. The storm is the whole stream: the drain is timed from the first event.
        IntFunction<String> value = i -> "{\"n\":" + i + (crash(i) ? ",\"fault\":\"crash\"" : hang(i)
                ? ",\"fault\":\"hang\"" : "") + "}";
        Rig.Outcome o = run("python-storm", true, value, null);
        int crashes = (int) java.util.stream.IntStream.range(0, EVENTS).filter(FaultInjectionIT::crash).count();
        int hangs = (int) java.util.stream.IntStream.range(0, EVENTS).filter(FaultInjectionIT::hang).count();
        assertThat(o.statuses()).containsEntry(Rig.PYTHON_FUNCTION + " FAILED", crashes)
                .containsEntry(Rig.PYTHON_FUNCTION + " TIMED_OUT", hangs)
                .containsEntry(Rig.PYTHON_FUNCTION + " SUCCEEDED", EVENTS - crashes - hangs);
    }

    private static boolean crash(int i) {
        return i % 100 == 3;
    }

    private static boolean hang(int i) {
        return i % 200 == 51;
    }

    private void run(String scenario, boolean python, Fault fault) throws Exception {
        run(scenario, python, i -> "{\"n\":" + i + "}", fault);
    }

    private Rig.Outcome run(String scenario, boolean python, IntFunction<String> value, Fault fault) throws Exception {
        List<String> functions = python ? List.of(Rig.JAVA_FUNCTION, Rig.PYTHON_FUNCTION) : List.of(Rig.JAVA_FUNCTION);
        try (Rig rig = new Rig(dir)) {
            Servers servers = new Servers(rig.broker(), rig.mongo(), rig.dispatcher(python));
            long start = System.nanoTime();
            CompletableFuture<Void> publishing = rig.publish(EVENTS, PACE, value);
            String detail = "";
            long since = start;
            if (fault != null) {
                long recorded = rig.awaitMidStream(EVENTS);
                assertThat(recorded).as("records when the fault strikes (mid-stream)").isLessThan(EVENTS);
                since = System.nanoTime();
                detail = "recordsAtFault=" + recorded + " " + fault.inject(rig, servers);
            }
            double drain = rig.awaitDrained(publishing, EVENTS, functions, since);
            Rig.Outcome o = rig.outcome(EVENTS, functions);
            Rig.report(scenario, EVENTS, o, drain, detail);
            assertThat(o.published()).as("events acknowledged by the broker").isEqualTo(EVENTS);
            assertThat(o.missing()).as("events without a record").isEmpty();
            assertThat(o.duplicates()).as("events with more than one record").isEmpty();
            assertThat(o.notFinal()).as("records still RUNNING").isEmpty();
            return o;
        }
    }

    /** The servers of one scenario as first started. */
    record Servers(Rig.Child broker, Rig.Child mongo, Rig.Child dispatcher) {
    }

    @FunctionalInterface
    interface Fault {
        /** Strikes, brings the process back, and describes what it did. */
        String inject(Rig rig, Servers servers) throws Exception;
    }
}
