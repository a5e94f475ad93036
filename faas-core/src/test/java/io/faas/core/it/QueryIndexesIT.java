package io.faas.core.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.faas.api.Faas;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import io.faas.testkit.IndexCoverage;
import io.faas.testkit.IndexCoverage.Shape;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every MongoDB query faas-core makes, beside the index that serves it, checked against the indexes
 * a started client has created: the index exists and its leading keys are the query's equality
 * fields, then its sort fields (then a range when there is no sort), as {@link IndexCoverage} says.
 * Filters that the index does not hold are named as {@code rest}: checked on the entries the index
 * yields, each with the reason that is cheap. A query added to the code belongs in this list.
 */
@FaasTest
class QueryIndexesIT {

    /** The {@code _id} index MongoDB keeps on every collection. */
    private static final String ID = "_id_";

    /**
     * One query.
     *
     * @param where      the code that makes it
     * @param collection its collection
     * @param served     the part of it the index serves
     * @param rest       filters checked on what the index yields, and why that is cheap
     * @param index      the index's name
     */
    record Query(String where, String collection, Shape served, String rest, String index) {
    }

    private static Shape eq(String... fields) {
        return new Shape(Set.of(fields), Map.of(), Set.of());
    }

    private static Shape shape(Set<String> equality, Set<String> range, Object... sort) {
        Map<String, Integer> order = new LinkedHashMap<>();
        for (int i = 0; i < sort.length; i += 2) {
            order.put((String) sort[i], (Integer) sort[i + 1]);
        }
        return new Shape(equality, order, range);
    }

    private static final Object[] NEWEST = {"queuedAt", -1, "_id", -1};
    private static final Set<String> PAGE_RANGE = Set.of("queuedAt"); // from, to and the cursor

    static final List<Query> QUERIES = List.of(
            // ---- invocations: MongoInvocationStore, LedgerWriter
            new Query("MongoInvocationStore.find, claimForRedrive, replaceRunning, replace; LedgerWriter (a redrive's outcome)",
                    "invocations", eq("_id"), "status, redriveCount: one document", ID),
            new Query("MongoInvocationStore.forEvent", "invocations", shape(Set.of("eventId"), Set.of(), "function", 1),
                    "", "event_function"),
            new Query("MongoInvocationStore.query: every record", "invocations", shape(Set.of(), PAGE_RANGE, NEWEST),
                    "", "newest"),
            new Query("MongoInvocationStore.query by function", "invocations",
                    shape(Set.of("function"), PAGE_RANGE, NEWEST), "", "function_newest"),
            new Query("MongoInvocationStore.query by function and status", "invocations",
                    shape(Set.of("function", "status"), PAGE_RANGE, NEWEST), "", "function_status_newest"),
            new Query("MongoInvocationStore.query by topic", "invocations", shape(Set.of("topic"), PAGE_RANGE, NEWEST),
                    "", "topic_newest"),
            new Query("MongoInvocationStore.query by status", "invocations", shape(Set.of("status"), PAGE_RANGE, NEWEST),
                    "", "status_newest"),
            new Query("MongoInvocationStore.query by function and topic (and status)", "invocations",
                    shape(Set.of("function"), PAGE_RANGE, NEWEST),
                    "topic, status: a function has few topics", "function_newest"),
            new Query("MongoInvocationStore.query by topic and status", "invocations",
                    shape(Set.of("topic"), PAGE_RANGE, NEWEST), "status: most records of a topic are SUCCEEDED",
                    "topic_newest"),
            // $or: each branch has its index, MongoDB merges what they yield
            new Query("MongoInvocationStore.query by event (with any other filter): the event's own records",
                    "invocations", eq("eventId"),
                    "the rest, and the sort in memory: an event has one record per function of its topic",
                    "event_function"),
            new Query("MongoInvocationStore.query by event: the records of the chain it started", "invocations",
                    eq("rootEventId"), "the rest, and the sort in memory: a chain is at most max-hops events deep",
                    "root_event"),
            new Query("MongoInvocationStore.finalIdsFrom (a redelivered partition)", "invocations",
                    new Shape(Set.of("topic", "partition"), Map.of(), Set.of("offset")),
                    "status: the records from the committed offset on", "position"),
            new Query("MongoInvocationStore.finalIdsAt (a share group's redelivered record)", "invocations",
                    new Shape(Set.of("topic", "partition", "offset"), Map.of(), Set.of()),
                    "status: the records of one event", "position"),
            new Query("MongoDB's TTL monitor: final records past their expireAt", "invocations",
                    new Shape(Set.of(), Map.of(), Set.of("expireAt")), "", "expireAt_ttl"),
            // ---- functions: MongoFunctionRegistry, MongoTopicRegistry
            new Query("MongoFunctionRegistry: read, replace, delete one function", "functions", eq("_id"),
                    "version, createdAt: one document", ID),
            new Query("MongoFunctionRegistry.list", "functions", shape(Set.of(), Set.of(), "_id", 1), "", ID),
            new Query("MongoFunctionRegistry.functionsFor(topic)", "functions",
                    shape(Set.of("topics"), Set.of(), "_id", 1), "", "topics_name"),
            new Query("MongoTopicRegistry.delete: the functions of the topic ($or, first branch)", "functions",
                    eq("topics"), "", "topics_name"),
            new Query("MongoTopicRegistry.delete: the functions that send to the topic ($or, second branch)",
                    "functions", eq("destinationTopics"), "", "destination_topics"),
            // ---- function_versions
            new Query("MongoFunctionRegistry: store, read, undo one version", "function_versions", eq("_id"), "", ID),
            new Query("MongoFunctionRegistry.versions(name)", "function_versions",
                    shape(Set.of("name"), Set.of(), "version", 1), "", "name_version"),
            new Query("MongoFunctionRegistry.delete: every version", "function_versions", eq("name"), "",
                    "name_version"),
            // ---- topics
            new Query("MongoTopicRegistry: claim, read, mark, restore, delete one topic; the topics of a spec ($in)",
                    "topics", eq("_id"), "state, since: one document", ID),
            new Query("MongoTopicRegistry.list", "topics", shape(Set.of(), Set.of(), "_id", 1),
                    "state: every topic but one being created or deleted", ID),
            // ---- filtered_events: FilteredCounts
            new Query("FilteredCounts.flush: $inc one function's minute", "filtered_events", eq("_id"), "", ID),
            new Query("FilteredCounts: a function's counts over a time range", "filtered_events",
                    new Shape(Set.of("function"), Map.of(), Set.of("minute")), "", "function_minute"),
            new Query("MongoDB's TTL monitor: filtered counts older than 35 days", "filtered_events",
                    new Shape(Set.of(), Map.of(), Set.of("minute")), "", "minute_ttl"),
            // ---- replays: KafkaReplays
            new Query("KafkaReplays: insert, read, progress, cancel one replay", "replays", eq("_id"),
                    "status: one document", ID),
            new Query("KafkaReplays.list", "replays", shape(Set.of(), Set.of(), "startedAt", -1, "_id", -1), "",
                    "newest"),
            new Query("MongoInvocationStore.replayPage: a replay's records", "replay_invocations",
                    shape(Set.of("replayId"), PAGE_RANGE, NEWEST), "", "replay_newest"),
            // ---- aliases: MongoAliases, MongoFunctionRegistry
            new Query("MongoAliases: read, set, delete one alias", "aliases", eq("_id"), "", ID),
            new Query("MongoAliases.list", "aliases", shape(Set.of("function"), Set.of(), "name", 1), "",
                    "function_name"),
            new Query("MongoFunctionRegistry: a function's aliases (checking a spec, deleting the function)", "aliases",
                    eq("function"), "", "function_name"),
            // ---- shadow_invocations: MongoAliases.compareShadow (the primaries by _id, above)
            new Query("MongoAliases.compareShadow: a shadow version's newest records", "shadow_invocations",
                    shape(Set.of("function", "version"), Set.of(), NEWEST), "", "function_version_newest"),
            new Query("MongoDB's TTL monitor: shadow records past their expireAt", "shadow_invocations",
                    new Shape(Set.of(), Map.of(), Set.of("expireAt")), "", "expireAt_ttl"),
            // ---- leases
            new Query("MongoLease: acquire, read, release", "leases", eq("_id"), "holder, expiresAt: one document",
                    ID));

    /**
     * Queries that read every document on purpose: the registry cache holds every topic and
     * function in memory, reloaded on a change and every 30 s.
     */
    static final List<String> WHOLE_COLLECTION = List.of(
            "RegistryCache.reload: topics (state: all but those being created or deleted)",
            "RegistryCache.reload: functions",
            "RegistryCache.reload: aliases (then the versions they point to, by _id)");

    @Test
    void everyQueryHasAnIndexThatTheStartCreatesAndThatServesIt(FaasTestServers servers) {
        FaasSettings settings = TestFaas.settings(servers).build();
        try (Faas faas = TestFaas.create(settings); MongoClient mongo = MongoClients.create(servers.mongoUri())) {
            assertThat(faas).isNotNull();
            MongoDatabase db = mongo.getDatabase(settings.mongoDatabase());
            Map<String, Map<String, Document>> indexes = new HashMap<>();
            for (Query q : QUERIES) {
                Map<String, Document> keys = indexes.computeIfAbsent(q.collection(), c -> {
                    Map<String, Document> byName = new HashMap<>();
                    byName.put(ID, new Document("_id", 1)); // MongoDB's own, also on a collection not yet written
                    db.getCollection(c).listIndexes().forEach(i -> byName.put(i.getString("name"),
                            i.get("key", Document.class)));
                    return byName;
                });
                assertThat(keys).as("%s: index %s on %s", q.where(), q.index(), q.collection())
                        .containsKey(q.index());
                assertThat(IndexCoverage.whyNot(keys.get(q.index()), q.served()))
                        .as("%s: index %s %s", q.where(), q.index(), keys.get(q.index())).isNull();
            }
            assertThat(indexes.get("invocations")).as("no index of an earlier version is left")
                    .doesNotContainKeys("eventId_1", "queuedAt_-1");
            assertThat(indexes.get("functions")).doesNotContainKey("topics_1");
            assertThat(indexes.get("function_versions")).doesNotContainKey("name_1");
        }
    }

    @Test
    void theRuleRefusesAnIndexThatLeavesTheSortToMemory() {
        assertThat(IndexCoverage.whyNot(new Document("topics", 1), shape(Set.of("topics"), Set.of(), "_id", 1)))
                .contains("sort field _id");
        assertThat(IndexCoverage.whyNot(new Document("queuedAt", -1).append("_id", -1),
                shape(Set.of(), Set.of(), "queuedAt", 1, "_id", 1))).as("read backwards").isNull();
        assertThat(IndexCoverage.whyNot(new Document("queuedAt", -1).append("_id", 1),
                shape(Set.of(), Set.of(), "queuedAt", -1, "_id", -1))).contains("directions");
        assertThat(IndexCoverage.whyNot(new Document("topic", 1).append("offset", 1),
                new Shape(Set.of("topic", "partition"), Map.of(), Set.of("offset")))).contains("equality fields");
        assertThat(IndexCoverage.whyNot(new Document("status", 1).append("function", 1),
                shape(Set.of("function", "status"), Set.of()))).as("equality in any order").isNull();
    }
}
