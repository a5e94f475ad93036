package io.faas.core.internal.store;

import io.faas.testkit.FaasTest;
import io.faas.testkit.FaasTestServers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@FaasTest
class MongoLeaseIT {

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-02T06:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void oneHolderAtATimeUntilItExpiresOrIsReleased(FaasTestServers servers) {
        MovableClock clock = new MovableClock();
        try (MongoStore store = new MongoStore(servers.mongoUri(), servers.uniqueName("lease"), Duration.ofSeconds(10))) {
            MongoLease a = new MongoLease(store, "ec2:fleet", "a", clock);
            MongoLease b = new MongoLease(store, "ec2:fleet", "b", clock);
            Duration ttl = Duration.ofSeconds(15);

            assertThat(a.acquire(ttl)).isTrue();
            assertThat(b.acquire(ttl)).isFalse();
            clock.now = clock.now.plusSeconds(10);
            assertThat(a.acquire(ttl)).as("renewal").isTrue();
            clock.now = clock.now.plusSeconds(10);
            assertThat(b.acquire(ttl)).as("renewed 10 s ago for 15 s").isFalse();
            b.release(); // not the holder: changes nothing
            assertThat(a.currentHolder()).contains("a");

            clock.now = clock.now.plusSeconds(6); // a stopped renewing: expired
            assertThat(b.acquire(ttl)).isTrue();
            assertThat(a.acquire(ttl)).isFalse();
            b.release();
            assertThat(b.currentHolder()).isEmpty();
            assertThat(a.acquire(ttl)).as("released: free at once").isTrue();
        }
    }

    @Test
    void ofManyConcurrentTakersExactlyOneWins(FaasTestServers servers) throws Exception {
        MovableClock clock = new MovableClock();
        try (MongoStore store = new MongoStore(servers.mongoUri(), servers.uniqueName("lease"), Duration.ofSeconds(10))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> takers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    MongoLease lease = new MongoLease(store, "ec2:race", "taker-" + i, clock);
                    takers.add(() -> lease.acquire(Duration.ofSeconds(15)));
                }
                int won = 0;
                for (Future<Boolean> f : pool.invokeAll(takers)) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
