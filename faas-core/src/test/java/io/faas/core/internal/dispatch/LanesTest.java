package io.faas.core.internal.dispatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LanesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Lanes lanes = new Lanes(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneLaneRunInOrderOneAtATime() {
        List<Integer> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            lanes.submit("k", () -> {
                order.add(n);
                lanes.release("k");
            });
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> order.size() == 50);
        assertThat(order).isSorted();
        assertThat(lanes.busyLanes()).isZero();
    }

    @Test
    void aBusyLaneDoesNotHoldBackOtherLanes() {
        List<String> done = new CopyOnWriteArrayList<>();
        lanes.submit("slow", () -> done.add("slow-1")); // never released until the end
        lanes.submit("slow", () -> done.add("slow-2"));
        for (int i = 0; i < 10; i++) {
            String lane = "fast-" + i;
            lanes.submit(lane, () -> {
                done.add(lane);
                lanes.release(lane);
            });
        }
        lanes.submit(null, () -> done.add("free"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> done.size() == 12);
        assertThat(done).doesNotContain("slow-2");
        lanes.release("slow");
        await().atMost(5, TimeUnit.SECONDS).until(() -> done.contains("slow-2"));
    }
}
