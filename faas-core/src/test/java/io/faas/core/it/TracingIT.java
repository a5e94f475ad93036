package io.faas.core.it;

import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.api.Topic;
import io.faas.core.FaasClients;
import io.faas.core.internal.kafka.Tracing;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from a publish through a two-function chain, in the SDK's in-memory exporter: the
 * publish span, each invocation's span (a child of the publish that made its event) and each
 * attempt's span (a child of its invocation); the first function publishes with its context's
 * headers, so the second continues the trace. Java and Python functions see their attempt's ids.
 */
@FaasTest
class TracingIT {

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Faas faas;
    /** Topics of this test only: a new consumer group starts at the earliest offset of a topic. */
    private String orders;
    private String billing;

    @BeforeEach
    void start(FaasTestServers servers) {
        faas = FaasClients.create(TestFaas.settings(servers).build(), List.of(), null, otel.getOpenTelemetry());
        orders = servers.uniqueName("tr-orders");
        billing = servers.uniqueName("tr-billing");
        faas.topics().create(Topic.of(orders));
        faas.topics().create(Topic.of(billing));
        faas.functions().register(FunctionSpec.java("order", orders), (event, ctx) -> {
            faas.publisher().publish(billing, null, "{\"billed\":true}",
                    Map.of(Tracing.TRACEPARENT, ctx.headers().get(Tracing.TRACEPARENT)));
            return ctx.traceId() + "/" + ctx.spanId();
        });
        faas.functions().register(FunctionSpec.java("bill", billing),
                (event, ctx) -> ctx.traceId() + "/" + ctx.spanId());
        faas.functions().register(FunctionSpec.python("py-order", orders), """
                def handler(event, context):
                    return {"trace": context.trace_id, "span": context.span_id}
                """);
        faas.dispatcher().start();
    }

    @AfterEach
    void stop() {
        faas.close();
    }

    private static SpanData span(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
    }

    @Test
    void oneTraceFromThePublishThroughAChainOfTwoFunctions() {
        List<Invocation> records = faas.publisher().publishAndAwait(orders, "{\"n\":1}", WAIT);
        assertThat(records).extracting(Invocation::status).containsOnly(InvocationStatus.SUCCEEDED);
        await().atMost(WAIT).until(() -> !faas.invocations()
                .query(InvocationQuery.builder().function("bill").build()).items().isEmpty());
        await().atMost(WAIT).until(() -> otel.getSpans().stream().anyMatch(s -> s.getName().equals("invoke bill")));

        List<SpanData> spans = otel.getSpans();
        SpanData publish = span(spans, "publish " + orders);
        SpanData order = span(spans, "invoke order");
        SpanData orderAttempt = span(spans, "attempt order");
        SpanData chained = span(spans, "publish " + billing);
        SpanData bill = span(spans, "invoke bill");
        SpanData billAttempt = span(spans, "attempt bill");
        SpanData py = span(spans, "invoke py-order");
        SpanData pyAttempt = span(spans, "attempt py-order");

        String trace = publish.getTraceId();
        assertThat(List.of(order, orderAttempt, chained, bill, billAttempt, py, pyAttempt))
                .allSatisfy(s -> assertThat(s.getTraceId()).as(s.getName()).isEqualTo(trace));
        assertThat(publish.getParentSpanContext().isValid()).as("a root: the test has no span of its own").isFalse();
        assertThat(order.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(py.getParentSpanId()).isEqualTo(publish.getSpanId());
        assertThat(orderAttempt.getParentSpanId()).isEqualTo(order.getSpanId());
        assertThat(pyAttempt.getParentSpanId()).isEqualTo(py.getSpanId());
        assertThat(chained.getParentSpanId()).as("published from the attempt").isEqualTo(orderAttempt.getSpanId());
        assertThat(bill.getParentSpanId()).isEqualTo(chained.getSpanId());
        assertThat(billAttempt.getParentSpanId()).isEqualTo(bill.getSpanId());

        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(order.getKind()).isEqualTo(SpanKind.CONSUMER);
        Invocation orderRecord = records.stream().filter(i -> i.function().equals("order")).findFirst().orElseThrow();
        assertThat(order.getAttributes().asMap()).containsEntry(Tracing.FUNCTION, "order")
                .containsEntry(Tracing.VERSION, 1L)
                .containsEntry(Tracing.TOPIC, orders)
                .containsEntry(Tracing.PARTITION, (long) orderRecord.partition())
                .containsEntry(Tracing.OFFSET, orderRecord.offset())
                .containsEntry(Tracing.EVENT_ID, orderRecord.eventId())
                .containsEntry(Tracing.STATUS, "SUCCEEDED");
        assertThat(order.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
        assertThat(orderAttempt.getAttributes().asMap()).containsEntry(Tracing.ATTEMPT, 1L)
                .containsEntry(Tracing.STATUS, "SUCCEEDED");
        assertThat(publish.getAttributes().asMap()).containsEntry(Tracing.TOPIC, orders)
                .containsEntry(Tracing.OFFSET, orderRecord.offset());

        assertThat(orderRecord.result()).as("FunctionContext.traceId() and spanId() are the attempt's")
                .isEqualTo("\"" + trace + "/" + orderAttempt.getSpanId() + "\"");
        Invocation billRecord = faas.invocations().query(InvocationQuery.builder().function("bill").build()).items()
                .get(0);
        assertThat(billRecord.result()).isEqualTo("\"" + trace + "/" + billAttempt.getSpanId() + "\"");
        Invocation pyRecord = records.stream().filter(i -> i.function().equals("py-order")).findFirst().orElseThrow();
        assertThat(pyRecord.result()).as("context.trace_id and context.span_id")
                .isEqualTo("{\"trace\":\"" + trace + "\",\"span\":\"" + pyAttempt.getSpanId() + "\"}");
    }

    @Test
    void aDestinationRecordCarriesTheTraceToTheNextFunction(FaasTestServers servers) {
        String priced = servers.uniqueName("tr-priced");
        faas.topics().create(Topic.of(priced));
        faas.functions().register(FunctionSpec.builder("price").runtime(io.faas.api.FunctionRuntime.JAVA)
                .topics(billing).onSuccess(priced).build(), (event, ctx) -> Map.of("total", 3));
        faas.functions().register(FunctionSpec.java("ship", priced), (event, ctx) -> ctx.traceId());
        List<Invocation> records = faas.publisher().publishAndAwait(billing, "{\"n\":3}", WAIT);
        Invocation price = records.stream().filter(i -> i.function().equals("price")).findFirst().orElseThrow();
        await().atMost(WAIT).until(() -> otel.getSpans().stream().anyMatch(s -> s.getName().equals("invoke ship")));
        List<SpanData> spans = otel.getSpans();
        SpanData publish = span(spans, "publish " + billing);
        SpanData priceSpan = spans.stream().filter(s -> s.getName().equals("invoke price")
                && s.getAttributes().asMap().get(Tracing.EVENT_ID).equals(price.eventId())).findFirst().orElseThrow();
        SpanData ship = span(spans, "invoke ship");
        assertThat(ship.getTraceId()).isEqualTo(publish.getTraceId());
        assertThat(ship.getParentSpanId()).as("continued from the invocation that sent the record")
                .isEqualTo(priceSpan.getSpanId());
        Invocation shipRecord = faas.invocations().query(InvocationQuery.builder().function("ship").build()).items()
                .get(0);
        assertThat(shipRecord.result()).isEqualTo("\"" + publish.getTraceId() + "\"");
    }

    @Test
    void aFailedAttemptAndInvocationAreErrorSpans() {
        faas.functions().register(FunctionSpec.java("broken", orders).toBuilder().maxAttempts(2)
                .backoff(io.faas.api.Backoff.fixed(Duration.ofMillis(10))).build(), (event, ctx) -> {
                    throw new IllegalStateException("no");
                });
        List<Invocation> records = faas.publisher().publishAndAwait(orders, "{\"n\":2}", WAIT);
        assertThat(records).filteredOn(i -> i.function().equals("broken")).extracting(Invocation::status)
                .containsExactly(InvocationStatus.FAILED);
        await().atMost(WAIT).until(() -> otel.getSpans().stream().anyMatch(s -> s.getName().equals("invoke broken")));
        List<SpanData> spans = otel.getSpans();
        SpanData broken = span(spans, "invoke broken");
        assertThat(broken.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(broken.getAttributes().asMap()).containsEntry(Tracing.STATUS, "FAILED");
        assertThat(spans).filteredOn(s -> s.getName().equals("attempt broken")).hasSize(2)
                .allSatisfy(a -> {
                    assertThat(a.getParentSpanId()).isEqualTo(broken.getSpanId());
                    assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
                });
    }
}
