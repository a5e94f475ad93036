package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.Topic;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Python functions through the warm worker pool and the process-per-event executor, end to end. */
@FaasTest
class PythonDispatchIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Faas faas;

    @BeforeAll
    static void start(FaasTestServers servers) {
        // Two workers, as a worker serves one function and the fan-out test keeps two warm: which
        // worker serves a call is then certain, and so is what "cold" means.
        faas = TestFaas.create(TestFaas.settings(servers)
                .python(io.faas.core.PythonSettings.builder().poolSize(2).build()).build());
        faas.dispatcher().start();
    }

    @AfterAll
    static void stop() {
        faas.close();
    }

    @Test
    void pythonFunctionsFanOutAndRecordResultsLogsAndColdStarts() {
        faas.topics().create(Topic.of("py-maths"));
        faas.functions().register(FunctionSpec.python("py-add", "py-maths"), """
                def handler(event, context):
                    print("adding", event["a"], "and", event["b"], "for", context.function_name)
                    context.logger.info("offset %s", context.offset)
                    return {"sum": event["a"] + event["b"], "topic": context.topic}
                """);
        faas.functions().register(FunctionSpec.python("py-mul", "py-maths"), """
                def handler(event, context):
                    return event["a"] * event["b"]
                """);

        List<Invocation> first = faas.publisher().publishAndAwait("py-maths", "{\"a\":3,\"b\":4}", WAIT);
        assertThat(first).extracting(Invocation::function).containsExactly("py-add", "py-mul");
        assertThat(first).allMatch(i -> i.status() == InvocationStatus.SUCCEEDED);
        assertThat(first.get(0).result()).isEqualTo("{\"sum\":7,\"topic\":\"py-maths\"}");
        assertThat(first.get(1).result()).isEqualTo("12");
        assertThat(first.get(0).logs()).contains("adding 3 and 4 for py-add").contains("offset 0");
        assertThat(first.get(0).executor()).isEqualTo("local");
        assertThat(first).allMatch(Invocation::coldStart);

        List<Invocation> second = faas.publisher().publishAndAwait("py-maths", "{\"a\":5,\"b\":6}", WAIT);
        assertThat(second).extracting(Invocation::result).containsExactly("{\"sum\":11,\"topic\":\"py-maths\"}", "30");
        assertThat(second).noneMatch(Invocation::coldStart);
    }

    @Test
    void anExceptionIsRecordedWithTypeMessageAndTraceback() {
        faas.topics().create(Topic.of("py-errors"));
        faas.functions().register(FunctionSpec.python("py-div", "py-errors").toBuilder().maxAttempts(1).build(), """
                def handler(event, context):
                    return 1 / event["d"]
                """);

        Invocation i = faas.publisher().publishAndAwait("py-errors", "{\"d\":0}", WAIT).get(0);

        assertThat(i.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(i.error().type()).isEqualTo("ZeroDivisionError");
        assertThat(i.error().message()).isEqualTo("division by zero");
        assertThat(i.error().traceback()).contains("Traceback").contains("line 2");
    }

    @Test
    void aHangingFunctionTimesOutAndACrashingOneIsRecordedAndTheNextEventsStillRun() {
        faas.topics().create(Topic.of("py-bad"));
        faas.functions().register(FunctionSpec.python("py-bad-f", "py-bad").toBuilder()
                .timeout(Duration.ofMillis(800)).maxAttempts(1).build(), """
                import os, time
                def handler(event, context):
                    if event == "hang":
                        time.sleep(60)
                    if event == "crash":
                        os._exit(3)
                    return "fine"
                """);

        Invocation hung = faas.publisher().publishAndAwait("py-bad", "\"hang\"", WAIT).get(0);
        assertThat(hung.status()).isEqualTo(InvocationStatus.TIMED_OUT);
        assertThat(hung.error().type()).isEqualTo("TimeoutError");

        Invocation crashed = faas.publisher().publishAndAwait("py-bad", "\"crash\"", WAIT).get(0);
        assertThat(crashed.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(crashed.error().type()).isEqualTo("WorkerCrashed");

        Invocation fine = faas.publisher().publishAndAwait("py-bad", "\"ok\"", WAIT).get(0);
        assertThat(fine.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(fine.result()).isEqualTo("\"fine\"");
    }

    @Test
    void anUpdatedPythonFunctionRunsItsNewCode() {
        faas.topics().create(Topic.of("py-upd"));
        faas.functions().register(FunctionSpec.python("py-upd-f", "py-upd"), "def handler(e, c):\n    return 'v1'\n");
        assertThat(faas.publisher().publishAndAwait("py-upd", "{}", WAIT).get(0).result()).isEqualTo("\"v1\"");

        faas.functions().update(FunctionSpec.python("py-upd-f", "py-upd"), "def handler(e, c):\n    return 'v2'\n");
        Invocation after = faas.publisher().publishAndAwait("py-upd", "{}", WAIT).get(0);
        assertThat(after.result()).isEqualTo("\"v2\"");
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.coldStart()).isTrue();
    }

    @Test
    void theProcessPerEventExecutorRunsTheSameContract() {
        faas.topics().create(Topic.of("py-proc"));
        faas.functions().register(FunctionSpec.python("py-proc-f", "py-proc").toBuilder().executor("process").build(),
                "def handler(event, context):\n    return {'echo': event, 'v': context.function_version}\n");

        Invocation i = faas.publisher().publishAndAwait("py-proc", "[1,2]", WAIT).get(0);

        assertThat(i.status()).isEqualTo(InvocationStatus.SUCCEEDED);
        assertThat(i.result()).isEqualTo("{\"echo\":[1,2],\"v\":1}");
        assertThat(i.executor()).isEqualTo("process");
        assertThat(i.coldStart()).isTrue();
    }

    @Test
    void aFailedInvocationCanBeRedriven() {
        faas.topics().create(Topic.of("py-redrive"));
        faas.functions().register(FunctionSpec.python("py-rd", "py-redrive").toBuilder().maxAttempts(1).build(),
                "def handler(event, context):\n    raise ValueError('not yet')\n");
        Invocation failed = faas.publisher().publishAndAwait("py-redrive", "{\"x\":1}", WAIT).get(0);
        assertThat(failed.status()).isEqualTo(InvocationStatus.FAILED);

        faas.functions().update(FunctionSpec.python("py-rd", "py-redrive").toBuilder().maxAttempts(1).build(),
                "def handler(event, context):\n    return event['x'] + 1\n");
        Invocation running = faas.dispatcher().redrive(failed.id());
        assertThat(running.status()).isEqualTo(InvocationStatus.RUNNING);

        org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                faas.invocations().find(failed.id()).orElseThrow().status() == InvocationStatus.SUCCEEDED);
        Invocation redriven = faas.invocations().find(failed.id()).orElseThrow();
        assertThat(redriven.result()).isEqualTo("2");
        assertThat(redriven.version()).isEqualTo(2);
        assertThat(redriven.eventId()).isEqualTo(failed.eventId());
    }

    @Test
    void brokenCodeIsRefusedByTheBuiltInValidatorAndNothingIsStored() {
        // Without faas-validation on the class path, CPython's compiler checks syntax and the handler.
        faas.topics().create(Topic.of("py-invalid"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> faas.functions().register(
                        FunctionSpec.python("py-broken", "py-invalid"),
                        "import os\ndef handler(event, context):\n    return (1\n"))
                .isInstanceOfSatisfying(io.faas.api.InvalidFunctionException.class, e ->
                        assertThat(e.diagnostics()).extracting(Object::toString).containsExactly(
                                "3:12: '(' was never closed"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> faas.functions().register(
                        FunctionSpec.python("py-broken", "py-invalid"), "def handler(event):\n    return 1\n"))
                .isInstanceOf(io.faas.api.InvalidFunctionException.class).hasMessageContaining("handler");
        assertThat(faas.functions().get("py-broken")).isEmpty();
    }
}
