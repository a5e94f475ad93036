package io.faas.core.internal.store;

import io.faas.api.Alias;
import io.faas.api.Attempt;
import io.faas.api.Backoff;
import io.faas.api.Delivery;
import io.faas.api.Destinations;
import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionSpec;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.Redrive;
import io.faas.api.Subscription;
import io.faas.api.Topic;
import io.faas.core.internal.json.Json;
import org.bson.Document;
import org.bson.types.Binary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Mapping between the records of faas-api and their MongoDB documents. */
public final class Documents {
    private Documents() {
    }

    // ---- functions -------------------------------------------------------------------------

    public static Document functionFields(FunctionVersion fv) {
        FunctionSpec spec = fv.spec();
        Document d = new Document("name", spec.name())
                .append("runtime", spec.runtime().name())
                .append("handler", spec.handler())
                .append("topics", new ArrayList<>(spec.topics()))
                .append("timeoutMs", spec.timeout().toMillis())
                .append("memoryLimitMb", spec.memoryLimitMb())
                .append("maxAttempts", spec.maxAttempts())
                .append("backoff", new Document("initialMs", spec.backoff().initial().toMillis())
                        .append("multiplier", spec.backoff().multiplier())
                        .append("maxMs", spec.backoff().max().toMillis()))
                .append("executor", spec.executor())
                .append("environment", new Document(new java.util.LinkedHashMap<>(spec.environment())))
                .append("secretNames", new ArrayList<>(spec.secretNames()))
                .append("network", spec.network())
                .append("subscriptions", subscriptionDocuments(spec))
                .append("version", fv.version())
                .append("source", fv.source())
                .append("sourceHash", fv.sourceHash())
                .append("createdAt", Date.from(fv.createdAt()));
        if (fv.isPackage()) { // absent means a single file, as before packages existed
            d.append("packageDigest", fv.packageDigest());
        }
        if (!spec.layers().isEmpty()) { // absent means none, as before layers existed
            d.append("layers", spec.layers());
        }
        if (spec.maxConcurrency() > 0) { // absent means no limit, as before the field existed
            d.append("maxConcurrency", spec.maxConcurrency());
        }
        if (spec.ledgerRetention() != null) { // absent means the client's default, as before the field existed
            d.append("ledgerRetentionSeconds", spec.ledgerRetention().toSeconds());
        }
        if (spec.batching().enabled()) { // absent means one event per call, as before batches existed
            d.append("batchSize", spec.batching().size()).append("batchWindowMs", spec.batching().window().toMillis());
        }
        if (!spec.destinations().isEmpty()) { // absent means none, as before the field existed
            // destinationTopics: what a topic's deletion looks up to see whether a function still sends there
            d.append("onSuccess", spec.destinations().onSuccess())
                    .append("onFailure", spec.destinations().onFailure())
                    .append("destinationTopics", new ArrayList<>(spec.destinations().topics()));
        }
        return d;
    }

    /**
     * The {@code functions} document: current version, keyed by name, with the function's sealed
     * secrets (secret name → {@code IV || ciphertext || tag}). Versions do not carry secrets.
     */
    public static Document functionDocument(FunctionVersion fv, Map<String, byte[]> sealedSecrets) {
        Document secrets = new Document();
        new TreeMap<>(sealedSecrets).forEach((name, sealed) -> secrets.append(name, new Binary(sealed)));
        return merge(new Document("_id", fv.name()), functionFields(fv)).append("secrets", secrets);
    }

    /** The sealed secrets of a {@code functions} document, by name. */
    public static Map<String, byte[]> sealedSecrets(Document d) {
        Document secrets = d.get("secrets", Document.class);
        if (secrets == null || secrets.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> out = new TreeMap<>();
        secrets.forEach((name, value) -> out.put(name, ((Binary) value).getData()));
        return out;
    }

    /** The {@code function_versions} document, keyed by name and version. */
    public static Document versionDocument(FunctionVersion fv) {
        return merge(new Document("_id", versionId(fv.name(), fv.version())), functionFields(fv));
    }

    public static String versionId(String name, int version) {
        return name + "#" + version;
    }

    private static Document merge(Document head, Document fields) {
        head.putAll(fields);
        return head;
    }

    public static FunctionVersion toFunctionVersion(Document d) {
        Document b = d.get("backoff", Document.class);
        FunctionSpec.Builder spec = FunctionSpec.builder(d.getString("name"))
                .runtime(FunctionRuntime.valueOf(d.getString("runtime")))
                .handler(d.getString("handler"))
                .topics(d.getList("topics", String.class))
                .timeout(Duration.ofMillis(number(d, "timeoutMs")))
                .memoryLimitMb((int) number(d, "memoryLimitMb"))
                .maxAttempts((int) number(d, "maxAttempts"))
                .backoff(new Backoff(Duration.ofMillis(number(b, "initialMs")),
                        ((Number) b.get("multiplier")).doubleValue(), Duration.ofMillis(number(b, "maxMs"))))
                .executor(d.getString("executor"))
                .environment(environment(d))
                .secretNames(strings(d, "secretNames"))
                // Absent in documents written before the field existed: no network, as then.
                .network(Boolean.TRUE.equals(d.getBoolean("network")))
                .ledgerRetention(d.get("ledgerRetentionSeconds") == null ? null
                        : Duration.ofSeconds(number(d, "ledgerRetentionSeconds")))
                .maxConcurrency(d.get("maxConcurrency") == null ? 0 : (int) number(d, "maxConcurrency"))
                .destinations(new Destinations(d.getString("onSuccess"), d.getString("onFailure")))
                .batchSize(d.get("batchSize") == null ? 1 : (int) number(d, "batchSize"))
                .batchWindow(Duration.ofMillis(d.get("batchWindowMs") == null ? 0 : number(d, "batchWindowMs")))
                .layers(d.getList("layers", String.class, List.of()));
        // Absent in documents written before filters existed: every topic takes every event, as then.
        for (Document s : d.getList("subscriptions", Document.class, List.of())) {
            // absent alias: written before aliases existed, when every subscription ran the newest version
            spec.subscribe(Subscription.of(s.getString("topic"), filterPattern(s.getString("filter")))
                    .withAlias(s.getString("alias")));
        }
        return new FunctionVersion(spec.build(), (int) number(d, "version"), d.getString("source"),
                d.getString("sourceHash"), d.getDate("createdAt").toInstant(), d.getString("packageDigest"));
    }

    /**
     * The subscriptions with a filter, each pattern as JSON text: a pattern's field names ({@code $or},
     * {@code $key}, dotted names) are not all valid MongoDB field names. The filter-less ones are
     * the {@code topics} list, as before filters existed; so are those of the newest version
     * ({@code alias} absent), as before aliases existed.
     */
    private static List<Document> subscriptionDocuments(FunctionSpec spec) {
        return spec.subscriptions().stream().filter(s -> !s.unfiltered() || !s.latest())
                .map(s -> {
                    Document d = new Document("topic", s.topic());
                    if (!s.unfiltered()) {
                        d.append("filter", Json.encode(s.filter().pattern()));
                    }
                    return s.latest() ? d : d.append("alias", s.alias());
                })
                .toList();
    }

    // ---- aliases ---------------------------------------------------------------------------

    /** The {@code _id} of a function's alias in {@code aliases}. */
    public static String aliasId(String function, String alias) {
        return function + "/" + alias;
    }

    public static Document aliasDocument(String function, Alias alias, Instant updatedAt) {
        Document d = new Document("_id", aliasId(function, alias.name()))
                .append("function", function)
                .append("name", alias.name())
                .append("version", alias.version());
        if (alias.canary() != null) {
            d.append("canary", new Document("version", alias.canary().version())
                    .append("weight", alias.canary().weight()));
        }
        if (alias.hasShadow()) {
            d.append("shadowVersion", alias.shadowVersion());
        }
        return d.append("updatedAt", Date.from(updatedAt));
    }

    public static Alias toAlias(Document d) {
        Document canary = d.get("canary", Document.class);
        return new Alias(d.getString("name"), (int) number(d, "version"),
                canary == null ? null : new Alias.Canary((int) number(canary, "version"), (int) number(canary, "weight")),
                d.get("shadowVersion") == null ? 0 : (int) number(d, "shadowVersion"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> filterPattern(String json) {
        return json == null ? null : (Map<String, Object>) Json.decode(json);
    }

    // ---- topics ----------------------------------------------------------------------------

    public static Document topicDocument(Topic topic, boolean managed, Instant createdAt) {
        return new Document("_id", topic.name())
                .append("partitions", topic.partitions())
                .append("ordering", topic.ordering().name())
                .append("managed", managed)
                .append("createdAt", Date.from(createdAt));
    }

    public static Topic toTopic(Document d) {
        return new Topic(d.getString("_id"), (int) number(d, "partitions"), Ordering.valueOf(d.getString("ordering")));
    }

    // ---- invocations -----------------------------------------------------------------------

    /**
     * Field of a final invocation record: when the ledger's TTL index ({@code expireAt_ttl},
     * {@code expireAfterSeconds: 0}) lets MongoDB delete it. A RUNNING record has none, and
     * MongoDB never expires a document without a date there.
     */
    public static final String EXPIRE_AT = "expireAt";

    /**
     * The record's document as the ledger stores it: a final record expires {@code retention}
     * after it finished ({@link #EXPIRE_AT}); a RUNNING one never does. A whole document replaces
     * the previous one, so a record that a redrive makes RUNNING again loses its expiry.
     */
    public static Document invocationDocument(Invocation i, Duration retention) {
        Document d = invocationDocument(i);
        if (i.status().isFinal()) {
            Instant finished = i.finishedAt() != null ? i.finishedAt() : i.queuedAt();
            d.append(EXPIRE_AT, Date.from(finished.plus(retention)));
        }
        return d;
    }

    /** The record's document without an expiry: what {@link #toInvocation} reads back. */
    public static Document invocationDocument(Invocation i) {
        Document d = new Document("_id", i.id())
                .append("function", i.function())
                .append("version", i.version())
                .append("topic", i.topic())
                .append("partition", i.partition())
                .append("offset", i.offset())
                .append("eventId", i.eventId())
                .append("key", i.key())
                .append("event", i.event())
                .append("status", i.status().name())
                .append("result", i.result())
                .append("error", i.error() == null ? null : new Document("type", i.error().type())
                        .append("message", i.error().message())
                        .append("traceback", i.error().traceback()))
                .append("logs", i.logs())
                .append("logsTruncated", i.logsTruncated())
                .append("attempts", i.attempts())
                .append("coldStart", i.coldStart())
                .append("queuedAt", date(i.queuedAt()))
                .append("startedAt", date(i.startedAt()))
                .append("finishedAt", date(i.finishedAt()))
                .append("durationMs", i.durationMs() < 0 ? null : i.durationMs())
                .append("executor", i.executor());
        if (!i.redrives().isEmpty()) { // absent means none, as in records written before redrives were kept
            d.append("redrives", i.redrives().stream().map(Documents::redriveDocument).toList())
                    .append("redriveCount", i.redrives().size());
        }
        if (!i.rootEventId().equals(i.eventId())) { // absent means the event is its own root, as before chains
            d.append("rootEventId", i.rootEventId());
        }
        if (i.hops() > 0) {
            d.append("hops", i.hops());
        }
        if (i.batchId() != null) {
            d.append("batchId", i.batchId());
        }
        if (i.destination() != null) {
            Delivery t = i.destination();
            d.append("destination", new Document("topic", t.topic()).append("partition", t.partition())
                    .append("offset", t.offset()).append("error", t.error()));
        }
        if (!isOnlyAttempt(i)) {
            // The common record, one attempt and no redrive, is its own history: not stored twice.
            d.append("history", i.history().stream().map(Documents::attemptDocument).toList());
        }
        return d;
    }

    /** Whether the history is exactly the one attempt the record's own fields describe. */
    private static boolean isOnlyAttempt(Invocation i) {
        return i.history().size() == 1 && i.redrives().isEmpty() && i.history().get(0).equals(onlyAttempt(i));
    }

    private static Attempt onlyAttempt(Invocation i) {
        return new Attempt(1, 0, i.status(), i.error(), i.logs(), i.logsTruncated(), i.startedAt(), i.finishedAt(),
                i.executor());
    }

    private static List<Attempt> history(Document d, Invocation withoutHistory) {
        List<Document> stored = d.getList("history", Document.class);
        if (stored != null) {
            return stored.stream().map(Documents::toAttempt).toList();
        }
        boolean ran = withoutHistory.status().isFinal() && withoutHistory.startedAt() != null
                && withoutHistory.finishedAt() != null && withoutHistory.attempts() == 1;
        return ran ? List.of(onlyAttempt(withoutHistory)) : List.of();
    }

    private static Document errorDocument(InvocationError error) {
        return error == null ? null : new Document("type", error.type()).append("message", error.message())
                .append("traceback", error.traceback());
    }

    private static InvocationError toError(Document e) {
        return e == null ? null : new InvocationError(e.getString("type"), e.getString("message"),
                e.getString("traceback"));
    }

    private static Document attemptDocument(Attempt a) {
        return new Document("number", a.number())
                .append("redrive", a.redrive())
                .append("status", a.status().name())
                .append("error", errorDocument(a.error()))
                .append("logs", a.logs())
                .append("logsTruncated", a.logsTruncated())
                .append("startedAt", date(a.startedAt()))
                .append("finishedAt", date(a.finishedAt()))
                .append("durationMs", a.durationMs())
                .append("executor", a.executor());
    }

    private static Attempt toAttempt(Document d) {
        return new Attempt((int) number(d, "number"), (int) number(d, "redrive"),
                InvocationStatus.valueOf(d.getString("status")), toError(d.get("error", Document.class)),
                d.getString("logs"), Boolean.TRUE.equals(d.getBoolean("logsTruncated")),
                instant(d.getDate("startedAt")), instant(d.getDate("finishedAt")), d.getString("executor"));
    }

    private static Document redriveDocument(Redrive r) {
        return new Document("number", r.number())
                .append("requestedAt", date(r.requestedAt()))
                .append("replacedStatus", r.replacedStatus().name())
                .append("replacedError", errorDocument(r.replacedError()))
                .append("replacedVersion", r.replacedVersion());
    }

    private static Redrive toRedrive(Document d) {
        return new Redrive((int) number(d, "number"), instant(d.getDate("requestedAt")),
                InvocationStatus.valueOf(d.getString("replacedStatus")),
                toError(d.get("replacedError", Document.class)), (int) number(d, "replacedVersion"));
    }

    private static List<Document> documents(Document d, String field) {
        List<Document> list = d.getList(field, Document.class);
        return list == null ? List.of() : list;
    }

    public static Invocation toInvocation(Document d) {
        Document e = d.get("error", Document.class);
        Invocation i = new Invocation(
                d.getString("_id"),
                d.getString("function"),
                (int) number(d, "version"),
                d.getString("topic"),
                (int) number(d, "partition"),
                number(d, "offset"),
                d.getString("eventId"),
                d.getString("key"),
                d.getString("event"),
                InvocationStatus.valueOf(d.getString("status")),
                d.getString("result"),
                e == null ? null : new InvocationError(e.getString("type"), e.getString("message"),
                        e.getString("traceback")),
                d.getString("logs"),
                Boolean.TRUE.equals(d.getBoolean("logsTruncated")),
                (int) number(d, "attempts"),
                Boolean.TRUE.equals(d.getBoolean("coldStart")),
                instant(d.getDate("queuedAt")),
                instant(d.getDate("startedAt")),
                instant(d.getDate("finishedAt")),
                d.getString("executor"),
                List.of(),
                documents(d, "redrives").stream().map(Documents::toRedrive).toList());
        return new Invocation(i.id(), i.function(), i.version(), i.topic(), i.partition(), i.offset(), i.eventId(),
                i.key(), i.event(), i.status(), i.result(), i.error(), i.logs(), i.logsTruncated(), i.attempts(),
                i.coldStart(), i.queuedAt(), i.startedAt(), i.finishedAt(), i.executor(), history(d, i),
                i.redrives(), d.getString("rootEventId"), d.get("hops") == null ? 0 : (int) number(d, "hops"),
                toDelivery(d.get("destination", Document.class)), d.getString("batchId"));
    }

    private static Delivery toDelivery(Document d) {
        return d == null ? null : new Delivery(d.getString("topic"), (int) number(d, "partition"),
                number(d, "offset"), d.getString("error"));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static long number(Document d, String field) {
        Object value = d.get(field);
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("document " + d.get("_id") + " has no number in field '" + field + "'");
    }

    private static Map<String, String> environment(Document d) {
        Document e = d.get("environment", Document.class);
        if (e == null) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        e.forEach((name, value) -> out.put(name, (String) value));
        return out;
    }

    static List<String> strings(Document d, String field) {
        List<String> list = d.getList(field, String.class);
        return list == null ? List.of() : list;
    }
}
