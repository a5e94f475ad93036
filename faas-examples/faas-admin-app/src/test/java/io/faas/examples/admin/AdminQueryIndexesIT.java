package io.faas.examples.admin;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.faas.core.FaasSettings;
import io.faas.testkit.IndexCoverage;
import io.faas.testkit.IndexCoverage.Shape;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every MongoDB query of the admin app's own collections ({@code tokens}, {@code audit},
 * {@code published}, {@code saved_events}) beside the index that serves it, checked against the indexes the started app
 * has created (the rule of {@link IndexCoverage}). faas-core's collections are listed in its
 * {@code QueryIndexesIT}.
 */
class AdminQueryIndexesIT extends AbstractAdminIT {

    private static final String ID = "_id_";

    record Query(String where, String collection, Shape served, String index) {
    }

    private static Shape eq(String... fields) {
        return new Shape(Set.of(fields), Map.of(), Set.of());
    }

    private static Shape sorted(Set<String> equality, Object... sort) {
        Map<String, Integer> order = new LinkedHashMap<>();
        for (int i = 0; i < sort.length; i += 2) {
            order.put((String) sort[i], (Integer) sort[i + 1]);
        }
        return new Shape(equality, order, Set.of());
    }

    static final List<Query> QUERIES = List.of(
            new Query("TokenStore: authenticate, touch, isValid (and name: one document)", "tokens", eq("_id"), ID),
            new Query("TokenStore.find(name), delete(name)", "tokens", eq("name"), "name_1"),
            new Query("TokenStore.list", "tokens", sorted(Set.of(), "name", 1), "name_1"),
            new Query("TokenStore.anyWithRole", "tokens", eq("role"), "role_1"),
            new Query("AuditLog.page (the cursor is a range on _id)", "audit", sorted(Set.of(), "_id", -1), ID),
            new Query("PublishedEvents.isOwn (and publisher: one document)", "published", eq("_id"), ID),
            new Query("SavedEvents.find, update, delete", "saved_events", eq("_id"), ID),
            new Query("SavedEvents.create (the name is unique per target)", "saved_events", eq("slot"), "slot_unique"),
            new Query("SavedEvents.list of one target, and count", "saved_events",
                    sorted(Set.of("kind", "target"), "name", 1), "target_name"),
            new Query("SavedEvents.list of all", "saved_events", sorted(Set.of(), "kind", 1, "target", 1, "name", 1),
                    "target_name"),
            new Query("PublishedEvents.newest", "published", sorted(Set.of("publisher"), "at", -1, "_id", -1),
                    "publisher_newest"));

    @Autowired
    MongoClient adminMongoClient;

    @Autowired
    FaasSettings settings;

    @Test
    void everyQueryHasAnIndexThatTheStartCreatesAndThatServesIt() {
        MongoDatabase db = adminMongoClient.getDatabase(settings.mongoDatabase());
        Map<String, Map<String, Document>> indexes = new HashMap<>();
        for (Query q : QUERIES) {
            Map<String, Document> keys = indexes.computeIfAbsent(q.collection(), c -> {
                Map<String, Document> byName = new HashMap<>();
                byName.put(ID, new Document("_id", 1));
                db.getCollection(c).listIndexes().forEach(i -> byName.put(i.getString("name"),
                        i.get("key", Document.class)));
                return byName;
            });
            assertThat(keys).as("%s: index %s on %s", q.where(), q.index(), q.collection()).containsKey(q.index());
            assertThat(IndexCoverage.whyNot(keys.get(q.index()), q.served()))
                    .as("%s: index %s %s", q.where(), q.index(), keys.get(q.index())).isNull();
        }
        assertThat(indexes.get("published")).as("replaced by publisher_newest").doesNotContainKey("publisher_1");
    }
}
