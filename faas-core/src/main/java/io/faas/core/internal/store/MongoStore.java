package io.faas.core.internal.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The MongoDB collections of one faas instance: {@code functions} (current version of each
 * function, by name), {@code function_versions} (every version), {@code topics},
 * {@code invocations} (the ledger), {@code leases} and {@code filtered_events} (events that content
 * filters kept from a function, per function and minute). Owns the client. Thread-safe.
 *
 * <p>Idempotency keys are the {@code _id} of each collection, so they hold on servers that do
 * not enforce compound unique indexes; the compound indexes below only serve queries.
 */
public final class MongoStore implements AutoCloseable {

    /** The driver's codecs, with {@link DirectDocumentCodec} for documents. */
    public static final CodecRegistry CODECS = CodecRegistries.fromProviders(DirectDocumentCodec.PROVIDER,
            MongoClientSettings.getDefaultCodecRegistry());

    private final MongoClient client;
    private final MongoDatabase db;
    private final MongoCollection<Document> functions;
    private final MongoCollection<Document> functionVersions;
    private final MongoCollection<Document> topics;
    private final MongoCollection<Document> invocations;
    private final MongoCollection<Document> leases;
    private final MongoCollection<Document> filteredEvents;
    private final MongoCollection<Document> replays;
    private final MongoCollection<Document> replayInvocations;
    private final MongoCollection<Document> aliases;
    private final MongoCollection<Document> shadowInvocations;
    private final MongoCollection<Document> packages;
    private final MongoCollection<Document> layers;

    public MongoStore(String uri, String database, Duration timeout) {
        ConnectionString connection = new ConnectionString(uri);
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                .writeConcern(writeConcern(connection))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(b -> b.connectTimeout((int) Math.min(timeout.toMillis(), 10_000),
                        TimeUnit.MILLISECONDS))
                .applicationName("faas")
                .codecRegistry(CODECS)
                .build();
        this.client = MongoClients.create(settings);
        this.db = client.getDatabase(database);
        this.functions = db.getCollection("functions");
        this.functionVersions = db.getCollection("function_versions");
        this.topics = db.getCollection("topics");
        this.invocations = db.getCollection("invocations");
        this.leases = db.getCollection("leases");
        this.filteredEvents = db.getCollection("filtered_events");
        this.replays = db.getCollection("replays");
        this.replayInvocations = db.getCollection("replay_invocations");
        this.aliases = db.getCollection("aliases");
        this.shadowInvocations = db.getCollection("shadow_invocations");
        this.packages = db.getCollection("packages");
        this.layers = db.getCollection("layers");
    }

    /**
     * The URI's write concern ({@code w}, {@code journal}, {@code wtimeoutMS}) if it names one,
     * else journaled: a write counts as done only once it is in the server's journal on disk,
     * so an acknowledged ledger record survives a crash of the server. A replica set should
     * say {@code w=majority} in the URI.
     */
    static WriteConcern writeConcern(ConnectionString connection) {
        WriteConcern named = connection.getWriteConcern();
        return named != null ? named : WriteConcern.JOURNALED;
    }

    /**
     * The ledger's indexes, one per shape of query the ledger makes (see
     * {@link MongoInvocationStore}): a page newest first, unfiltered or by function, topic, status
     * or function and status, each ending in {@code _id} as the page order does, so that a page
     * reads only its own records; an event's records by function; a partition's records from an
     * offset. And the TTL index that deletes a final record at its {@link Documents#EXPIRE_AT}
     * (which RUNNING records lack, so MongoDB never deletes them).
     */
    static final List<IndexModel> LEDGER_INDEXES = List.of(
            index("newest", Indexes.descending("queuedAt", "_id")),
            index("function_newest", Indexes.compoundIndex(Indexes.ascending("function"),
                    Indexes.descending("queuedAt", "_id"))),
            index("function_status_newest", Indexes.compoundIndex(Indexes.ascending("function", "status"),
                    Indexes.descending("queuedAt", "_id"))),
            index("topic_newest", Indexes.compoundIndex(Indexes.ascending("topic"),
                    Indexes.descending("queuedAt", "_id"))),
            index("status_newest", Indexes.compoundIndex(Indexes.ascending("status"),
                    Indexes.descending("queuedAt", "_id"))),
            index("event_function", Indexes.ascending("eventId", "function")),
            // only records of chained events have a root of their own: the others stay out of it
            new IndexModel(Indexes.ascending("rootEventId"), new IndexOptions().name("root_event").sparse(true)),
            index("position", Indexes.ascending("topic", "partition", "offset")),
            new IndexModel(Indexes.ascending(Documents.EXPIRE_AT),
                    new IndexOptions().name("expireAt_ttl").expireAfter(0L, TimeUnit.SECONDS)));

    /** How long the per-minute counts of filtered events are kept (TTL index {@code minute_ttl}). */
    public static final Duration FILTERED_COUNTS_KEPT = Duration.ofDays(35);

    /**
     * Every index faas creates, by collection: the ledger's, the functions of a topic by name and
     * those sending to it, a function's versions in order, and a function's filtered-event counts
     * by minute (kept {@link #FILTERED_COUNTS_KEPT}). Queries by {@code _id} use the index MongoDB keeps anyway.
     */
    static final Map<String, List<IndexModel>> INDEXES = Map.of(
            "functions", List.of(index("topics_name", Indexes.ascending("topics", "_id")),
                    // sparse: only functions with a destination have the field
                    new IndexModel(Indexes.ascending("destinationTopics"),
                            new IndexOptions().name("destination_topics").sparse(true))),
            "function_versions", List.of(index("name_version", Indexes.ascending("name", "version"))),
            "invocations", LEDGER_INDEXES,
            "replays", List.of(index("newest", Indexes.descending("startedAt", "_id"))),
            "replay_invocations", List.of(index("replay_newest", Indexes.compoundIndex(Indexes.ascending("replayId"),
                    Indexes.descending("queuedAt", "_id")))),
            "aliases", List.of(index("function_name", Indexes.ascending("function", "name"))),
            // a comparison reads a shadow version's newest records
            "shadow_invocations", List.of(index("function_version_newest", Indexes.compoundIndex(
                    Indexes.ascending("function", "version"), Indexes.descending("queuedAt", "_id"))),
                    new IndexModel(Indexes.ascending(Documents.EXPIRE_AT),
                            new IndexOptions().name("expireAt_ttl").expireAfter(0L, TimeUnit.SECONDS))),
            "filtered_events", List.of(index("function_minute", Indexes.ascending("function", "minute")),
                    // counts outlive the longest stats window (31 days) a little, then go
                    new IndexModel(Indexes.ascending("minute"), new IndexOptions().name("minute_ttl")
                            .expireAfter(FILTERED_COUNTS_KEPT.toSeconds(), TimeUnit.SECONDS))));

    /**
     * Indexes of earlier versions that the ones above replace: ledger indexes a page could not read
     * in order (no {@code _id}), and single keys that left a sort to memory.
     */
    private static final Map<String, Set<String>> SUPERSEDED = Map.of(
            "functions", Set.of("topics_1"),
            "function_versions", Set.of("name_1"),
            "invocations", Set.of("queuedAt_-1", "function_1_queuedAt_-1", "topic_1_queuedAt_-1",
                    "status_1_queuedAt_-1", "eventId_1"));

    private static IndexModel index(String name, Bson keys) {
        return new IndexModel(keys, new IndexOptions().name(name));
    }

    /** Creates the indexes the queries need and drops those they replace; safe to call on every start. */
    public void ensureIndexes() {
        MongoErrors.run("create indexes", () -> {
            INDEXES.forEach((name, indexes) -> {
                MongoCollection<Document> collection = db.getCollection(name);
                Set<String> superseded = SUPERSEDED.getOrDefault(name, Set.of());
                for (Document index : collection.listIndexes()) {
                    if (superseded.contains(index.getString("name"))) {
                        collection.dropIndex(index.getString("name"));
                    }
                }
                collection.createIndexes(indexes);
            });
            return null;
        });
    }

    /** Pings the server; used by health checks. */
    public void ping() {
        MongoErrors.run("ping MongoDB", () -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
    }

    public MongoCollection<Document> functions() {
        return functions;
    }

    public MongoCollection<Document> functionVersions() {
        return functionVersions;
    }

    /** Leases that at most one instance holds at a time (see {@link MongoLease}). */
    public MongoCollection<Document> leases() {
        return leases;
    }

    public MongoCollection<Document> topics() {
        return topics;
    }

    public MongoCollection<Document> invocations() {
        return invocations;
    }

    /** Replays and their progress (see {@code KafkaReplays}). */
    public MongoCollection<Document> replays() {
        return replays;
    }

    /** The records of replays, apart from the ledger's: ids start with the replay's. */
    public MongoCollection<Document> replayInvocations() {
        return replayInvocations;
    }

    /** Aliases of functions' versions, one document per function and alias (see {@code MongoAliases}). */
    public MongoCollection<Document> aliases() {
        return aliases;
    }

    /** The records of shadow versions, apart from the ledger's: the id of a primary record of the same event. */
    public MongoCollection<Document> shadowInvocations() {
        return shadowInvocations;
    }

    /** Counts of filtered events, one document per function and minute (see {@code FilteredCounts}). */
    public MongoCollection<Document> filteredEvents() {
        return filteredEvents;
    }

    /** Function packages and layers by content digest (see {@code MongoPackageStore}). */
    public MongoCollection<Document> packages() {
        return packages;
    }

    /** Shared layers: name to the digest of the current content (see {@code MongoLayerRegistry}). */
    public MongoCollection<Document> layers() {
        return layers;
    }

    /** The GridFS bucket {@code package_files}: the archives too large for a {@link #packages()} document. */
    public com.mongodb.client.gridfs.GridFSBucket packageFiles() {
        return com.mongodb.client.gridfs.GridFSBuckets.create(db, "package_files");
    }

    @Override
    public void close() {
        client.close();
    }
}
