package io.faas.core.internal.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionSlotsTest {

    private final List<Runnable> executed = new ArrayList<>();
    private final FunctionSlots slots = new FunctionSlots(executed::add);

    @Test
    void noLimitNeverWaits() {
        for (int i = 0; i < 100; i++) {
            assertThat(slots.tryAcquire("f", 0, () -> { })).isTrue();
        }
        assertThat(slots.waiting("f")).isZero();
    }

    @Test
    void runsOverTheLimitWaitAndGetSlotsInArrivalOrder() {
        List<String> resumed = new ArrayList<>();
        assertThat(slots.tryAcquire("f", 2, () -> resumed.add("a"))).isTrue();
        assertThat(slots.tryAcquire("f", 2, () -> resumed.add("b"))).isTrue();
        assertThat(slots.tryAcquire("f", 2, () -> resumed.add("c"))).isFalse();
        assertThat(slots.tryAcquire("f", 2, () -> resumed.add("d"))).isFalse();
        assertThat(slots.tryAcquire("g", 2, () -> resumed.add("other"))).as("another function").isTrue();
        assertThat(slots.waiting("f")).isEqualTo(2);

        slots.release("f"); // the slot goes to c, not back to the pool
        assertThat(slots.tryAcquire("f", 2, () -> resumed.add("e"))).as("a newcomer does not jump the queue").isFalse();
        executed.forEach(Runnable::run);
        assertThat(resumed).containsExactly("c");

        slots.release("f");
        slots.release("f");
        executed.clear();
        assertThat(slots.waiting("f")).isZero();
    }

    @Test
    void aReleasedSlotWithNobodyWaitingFreesRoom() {
        assertThat(slots.tryAcquire("f", 1, () -> { })).isTrue();
        assertThat(slots.tryAcquire("f", 1, () -> { })).isFalse();
        slots.release("f"); // hands over to the waiter
        slots.release("f"); // the waiter is done: the slot is free
        assertThat(slots.tryAcquire("f", 1, () -> { })).isTrue();
    }
}
