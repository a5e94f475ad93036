package io.faas.core.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.faas.api.Backoff;
import io.faas.api.Faas;
import io.faas.api.FunctionSpec;
import io.faas.api.Invocation;
import io.faas.api.InvocationStatus;
import io.faas.api.Topic;
import io.faas.core.FaasSettings;
import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ledger retention as MongoDB sees it: the TTL index, and the {@code expireAt} of each record,
 * which a final record carries (its finish time plus the retention of its function, or the
 * client's) and a RUNNING one never does. The embedded MongoDB-wire server lists a TTL index but
 * never deletes by it (mongo-java-server has no TTL monitor), so expiry itself is MongoDB's and is
 * not run here.
 */
@FaasTest
class LedgerRetentionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration DEFAULT = Duration.ofDays(5);
    private static final Duration OWN = Duration.ofDays(2);

    private FaasSettings settings;
    private Faas faas;
    private MongoClient mongo;
    private MongoCollection<Document> ledger;
    private final AtomicBoolean fixed = new AtomicBoolean();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start(FaasTestServers servers) {
        settings = TestFaas.settings(servers).ledgerRetention(DEFAULT).build();
        faas = TestFaas.create(settings);
        mongo = MongoClients.create(servers.mongoUri());
        ledger = mongo.getDatabase(settings.mongoDatabase()).getCollection("invocations");
        faas.topics().create(Topic.of("kept"));
        faas.functions().register(FunctionSpec.java("plain", "kept"), (event, ctx) -> "ok");
        faas.functions().register(FunctionSpec.java("brief", "kept").toBuilder().ledgerRetention(OWN).maxAttempts(1)
                .backoff(Backoff.fixed(Duration.ofMillis(10))).build(), (event, ctx) -> {
                    if (!fixed.get()) {
                        throw new IllegalStateException("not yet");
                    }
                    release.await();
                    return "fixed";
                });
        faas.dispatcher().start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        faas.close();
        mongo.close();
    }

    private Document stored(String id) {
        return ledger.find(Filters.eq("_id", id)).first();
    }

    private static Instant expireAt(Document d) {
        Date date = d.getDate("expireAt");
        return date == null ? null : date.toInstant();
    }

    @Test
    void theLedgerHasATtlIndexOnExpireAt() {
        List<Document> ttl = new ArrayList<>();
        ledger.listIndexes().forEach(i -> {
            if (i.get("expireAfterSeconds") != null) {
                ttl.add(i);
            }
        });
        assertThat(ttl).singleElement().satisfies(i -> {
            assertThat(i.get("key", Document.class)).isEqualTo(new Document("expireAt", 1));
            assertThat(((Number) i.get("expireAfterSeconds")).longValue()).isZero();
            assertThat(i.getString("name")).isEqualTo("expireAt_ttl");
        });
    }

    @Test
    void aFinalRecordExpiresItsFunctionsRetentionAfterItFinishedAndARunningOneNever() {
        List<Invocation> records = faas.publisher().publishAndAwait("kept", "{\"n\":1}", WAIT);
        Invocation plain = records.stream().filter(i -> i.function().equals("plain")).findFirst().orElseThrow();
        Invocation failed = records.stream().filter(i -> i.function().equals("brief")).findFirst().orElseThrow();
        assertThat(failed.status()).isEqualTo(InvocationStatus.FAILED);

        assertThat(expireAt(stored(plain.id()))).as("the client's retention")
                .isEqualTo(plain.finishedAt().plus(DEFAULT));
        assertThat(expireAt(stored(failed.id()))).as("the function's own retention")
                .isEqualTo(failed.finishedAt().plus(OWN));

        fixed.set(true);
        faas.dispatcher().redrive(failed.id());
        Document running = stored(failed.id());
        assertThat(running.getString("status")).isEqualTo("RUNNING");
        assertThat(running).as("a redrive holds the record RUNNING: nothing to expire it").doesNotContainKey("expireAt");

        release.countDown();
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(stored(failed.id()).getString("status")));
        Invocation redriven = faas.invocations().find(failed.id()).orElseThrow();
        assertThat(expireAt(stored(failed.id()))).as("from the redrive's finish")
                .isEqualTo(redriven.finishedAt().plus(OWN));
        assertThat(redriven.finishedAt()).isAfter(failed.finishedAt());
    }

    @Test
    void aRedriveHandedBackAtCloseExpiresAsTheRecordItReplaced() {
        Invocation failed = faas.publisher().publishAndAwait("kept", "{\"n\":2}", WAIT).stream()
                .filter(i -> i.function().equals("brief")).findFirst().orElseThrow();
        Instant before = expireAt(stored(failed.id()));
        fixed.set(true);
        faas.dispatcher().redrive(failed.id());
        assertThat(stored(failed.id())).doesNotContainKey("expireAt");

        faas.dispatcher().close(Duration.ofMillis(200));
        Document handedBack = stored(failed.id());
        assertThat(handedBack.getString("status")).isEqualTo("FAILED");
        assertThat(expireAt(handedBack)).isEqualTo(before);
    }
}
