package io.faas.examples.admin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faas.api.Attempt;
import io.faas.api.Delivery;
import io.faas.api.Diagnostic;
import io.faas.api.EventPublisher;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.PublishReceipt;
import io.faas.api.Redrive;
import io.faas.api.Subscription;
import io.faas.api.Topic;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.StringNode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON shapes of the API. */
final class Views {

    private Views() {
    }

    record TopicView(String name, int partitions, String ordering, List<String> functions) {
        static TopicView of(Topic topic, List<String> functions) {
            return new TopicView(topic.name(), topic.partitions(), topic.ordering().name(), functions);
        }
    }

    /**
     * A function; {@code source} is {@code null} (left out) in lists. {@code secrets} lists the
     * names of its secrets: no read shows their values. {@code ledgerRetention} is {@code null}
     * when the function keeps the client's default; {@code maxConcurrency} is 0 without a limit;
     * {@code onSuccess} and {@code onFailure} are {@code null} without a destination;
     * {@code batchSize} is 1 and {@code batchWindow} {@code PT0S} for a function without batches.
     * {@code packageDigest} names the stored package of a package function (left out for a single file);
     * {@code layers} are its shared layers, each {@code name@digest}.
     */
    record FunctionView(String name, int version, String runtime, String handler, List<String> topics, String timeout,
                        int maxAttempts, int memoryLimitMb, String executor, Map<String, String> environment,
                        List<String> secrets, boolean network, String ledgerRetention, Instant createdAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String source, List<SubscriptionView> subscriptions,
                        int maxConcurrency, String onSuccess, String onFailure, int batchSize,
                        String batchWindow, @JsonInclude(JsonInclude.Include.NON_NULL) String packageDigest,
                        List<String> layers) {
        static FunctionView of(FunctionVersion fv, boolean withSource) {
            return new FunctionView(fv.name(), fv.version(), fv.spec().runtime().name().toLowerCase(Locale.ROOT),
                    fv.spec().handler(), List.copyOf(fv.spec().topics()), fv.spec().timeout().toString(),
                    fv.spec().maxAttempts(), fv.spec().memoryLimitMb(), fv.spec().executor(),
                    fv.spec().environment(), List.copyOf(fv.spec().secretNames()), fv.spec().network(),
                    fv.spec().ledgerRetention() == null ? null : fv.spec().ledgerRetention().toString(), fv.createdAt(),
                    withSource ? fv.source() : null,
                    fv.spec().subscriptions().stream().map(SubscriptionView::of).toList(), fv.spec().maxConcurrency(),
                    fv.spec().destinations().onSuccess(), fv.spec().destinations().onFailure(),
                    fv.spec().batching().size(), fv.spec().batching().window().toString(), fv.packageDigest(),
                    fv.spec().layers());
        }
    }

    /** One topic of a function and its content filter, left out when it takes every event. */
    record SubscriptionView(String topic, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> filter,
                            String alias) {
        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.topic(), s.unfiltered() ? null : s.filter().pattern(), s.alias());
        }
    }

    record DiagnosticView(int line, int column, String message, String severity) {
        static DiagnosticView of(Diagnostic d) {
            return new DiagnosticView(d.line(), d.column(), d.message(), d.severity().name());
        }

        static List<DiagnosticView> of(List<Diagnostic> diagnostics) {
            return diagnostics.stream().map(DiagnosticView::of).toList();
        }
    }

    record DiagnosticsView(List<DiagnosticView> diagnostics) {
    }

    record ReceiptView(String eventId, String topic, int partition, long offset) {
        static ReceiptView of(PublishReceipt r) {
            return new ReceiptView(r.eventId(), r.topic(), r.partition(), r.offset());
        }
    }

    /** A published event and, when the caller waited, its invocations. */
    record AwaitedView(String eventId, String topic, int partition, long offset, boolean complete,
                       List<InvocationView> invocations) {
    }

    /**
     * An invocation record; {@code event} and {@code result} are JSON values, not strings;
     * {@code history} lists every attempt, {@code redrives} every redrive. {@code rootEventId} is
     * the event that started the chain (the event's own id outside a chain), {@code hops} how far
     * down it the event is; {@code destination}, left out when nothing was sent, is where the
     * outcome went ({@code topic}, {@code partition}, {@code offset}) or why it could not ({@code error}).
     */
    record InvocationView(String id, String function, int version, String topic, int partition, long offset,
                          String eventId, String key, JsonNode event, String status, JsonNode result,
                          InvocationError error, String logs, boolean logsTruncated, int attempts, boolean coldStart,
                          Instant queuedAt, Instant startedAt, Instant finishedAt, long durationMs, String executor,
                          List<Attempt> history, List<Redrive> redrives, String rootEventId, int hops,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Delivery destination,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String batchId) {

        static InvocationView of(Invocation i, ObjectMapper json) {
            return new InvocationView(i.id(), i.function(), i.version(), i.topic(), i.partition(), i.offset(),
                    i.eventId(), i.key(), value(i.event(), json), i.status().name(),
                    i.result() == null ? null : value(i.result(), json), i.error(), i.logs(), i.logsTruncated(),
                    i.attempts(), i.coldStart(), i.queuedAt(), i.startedAt(), i.finishedAt(), i.durationMs(),
                    i.executor(), i.history(), i.redrives(), i.rootEventId(), i.hops(), i.destination(),
                    i.batchId());
        }

        /**
         * The text as a JSON value; text that is not JSON (an event that failed as such), or is
         * nested deeper than an accepted event may be, as a JSON string: a page never fails on one record.
         */
        static JsonNode value(String text, ObjectMapper json) {
            try {
                JsonNode node = json.readTree(text);
                return depth(node, 0) > EventPublisher.MAX_PAYLOAD_DEPTH ? StringNode.valueOf(text) : node;
            } catch (JacksonException e) {
                return StringNode.valueOf(text);
            }
        }

    }

    /**
     * How deep a JSON value nests below {@code above} levels, counted no further than one past
     * {@link EventPublisher#MAX_PAYLOAD_DEPTH}: enough to tell whether an event may be that deep.
     */
    static int depth(JsonNode node, int above) {
        if (!node.isContainer() || above > EventPublisher.MAX_PAYLOAD_DEPTH) {
            return above;
        }
        int deepest = above + 1;
        for (JsonNode child : node.values()) {
            deepest = Math.max(deepest, depth(child, above + 1));
        }
        return deepest;
    }

    record PageView(List<InvocationView> items, String next) {
    }
}
