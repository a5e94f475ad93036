package io.faas.ec2.internal;

import io.faas.ec2.internal.ScalingPolicy.Action;
import io.faas.ec2.internal.ScalingPolicy.Decision;
import io.faas.ec2.internal.ScalingPolicy.Input;
import io.faas.ec2.internal.ScalingPolicy.Instance;
import io.faas.ec2.internal.ScalingPolicy.Limits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScalingPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    /** min 1, max 4, step 2, cool-down 5 min, idle 10 min, 100 records per instance, 80 % busy. */
    private static final Limits LIMITS = new Limits(1, 4, 2, Duration.ofMinutes(5), Duration.ofMinutes(10), 100, 0.8);

    private static Instance busy(String id, int calls) {
        return new Instance(id, true, calls, Duration.ZERO);
    }

    private static Instance idle(String id, Duration idleFor) {
        return new Instance(id, true, 0, idleFor);
    }

    private static Instance pending(String id) {
        return new Instance(id, false, 0, Duration.ZERO);
    }

    private static Decision decide(List<Instance> instances, long backlog, int busySlots, int totalSlots,
                                   Instant lastChange) {
        return ScalingPolicy.decide(LIMITS, new Input(NOW, instances, backlog, busySlots, totalSlots, lastChange));
    }

    @Test
    void belowTheMinimumItLaunchesUpToTheMinimumEvenDuringTheCoolDown() {
        Decision d = decide(List.of(), 0, 0, 0, NOW.minusSeconds(10));

        assertThat(d.action()).isEqualTo(Action.LAUNCH);
        assertThat(d.count()).isEqualTo(1);
        assertThat(d.reason()).contains("below the minimum");
    }

    @Test
    void aBacklogAboveWhatTheInstancesAbsorbLaunchesOneStep() {
        Decision d = decide(List.of(busy("i-1", 1)), 250, 1, 4, null);

        assertThat(d.action()).isEqualTo(Action.LAUNCH);
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.reason()).contains("backlog 250 > 100 x 1");
    }

    @Test
    void highUtilisationLaunchesEvenWithoutBacklog() {
        Decision d = decide(List.of(busy("i-1", 4)), 0, 4, 4, null);

        assertThat(d.action()).isEqualTo(Action.LAUNCH);
        assertThat(d.reason()).contains("utilisation 100% >= 80%");
    }

    @Test
    void theMaximumIsAHardCapPendingInstancesIncluded() {
        Decision capped = decide(List.of(busy("i-1", 4), busy("i-2", 4), busy("i-3", 4), pending("i-4")), 10_000,
                12, 12, null);
        Decision partial = decide(List.of(busy("i-1", 4), busy("i-2", 4), busy("i-3", 4)), 10_000, 12, 12, null);

        assertThat(capped.action()).isEqualTo(Action.HOLD);
        assertThat(capped.reason()).contains("at the maximum of 4");
        assertThat(partial.action()).isEqualTo(Action.LAUNCH);
        assertThat(partial.count()).isEqualTo(1); // step 2, but only one fits under the cap
    }

    @Test
    void aboveTheMaximumItTerminatesTheSurplusIdleFirst() {
        Decision d = ScalingPolicy.decide(new Limits(0, 1, 1, Duration.ZERO, Duration.ofMinutes(1), 100, 0.8),
                new Input(NOW, List.of(busy("i-busy", 1), idle("i-idle", Duration.ofSeconds(5))), 0, 1, 8, null));

        assertThat(d.action()).isEqualTo(Action.TERMINATE);
        assertThat(d.terminate()).containsExactly("i-idle");
    }

    @Test
    void itWaitsForPendingInstancesAndForTheCoolDownBeforeGrowingAgain() {
        Decision pendingOnes = decide(List.of(busy("i-1", 4), pending("i-2")), 1000, 4, 4, null);
        Decision coolingDown = decide(List.of(busy("i-1", 4)), 1000, 4, 4, NOW.minus(Duration.ofMinutes(4)));
        Decision cooled = decide(List.of(busy("i-1", 4)), 1000, 4, 4, NOW.minus(Duration.ofMinutes(5)));

        assertThat(pendingOnes.action()).isEqualTo(Action.HOLD);
        assertThat(pendingOnes.reason()).contains("still starting");
        assertThat(coolingDown.action()).isEqualTo(Action.HOLD);
        assertThat(coolingDown.reason()).contains("cooling down");
        assertThat(cooled.action()).isEqualTo(Action.LAUNCH);
    }

    @Test
    void withoutBacklogItTerminatesInstancesIdleLongEnoughLongestIdleFirstNeverBelowTheMinimum() {
        List<Instance> fleet = List.of(idle("i-1", Duration.ofMinutes(11)), idle("i-2", Duration.ofMinutes(30)),
                idle("i-3", Duration.ofMinutes(2)), busy("i-4", 1));

        Decision d = decide(fleet, 0, 1, 16, null);

        assertThat(d.action()).isEqualTo(Action.TERMINATE);
        assertThat(d.terminate()).containsExactly("i-2", "i-1"); // step 2; i-3 not idle long enough

        Decision atMin = decide(List.of(idle("i-1", Duration.ofHours(1))), 0, 0, 4, null);
        assertThat(atMin.action()).isEqualTo(Action.HOLD);
    }

    @Test
    void itDoesNotShrinkWhileThereIsBacklogOrDuringTheCoolDown() {
        List<Instance> fleet = List.of(idle("i-1", Duration.ofHours(1)), idle("i-2", Duration.ofHours(1)));

        assertThat(decide(fleet, 5, 0, 8, null).action()).isEqualTo(Action.HOLD);
        assertThat(decide(fleet, 0, 0, 8, NOW.minusSeconds(60)).reason()).contains("cooling down");
    }

    @Test
    void aSimulatedBurstGrowsStepByStepToTheCapAndShrinksBackToTheMinimum() {
        List<Instance> fleet = new ArrayList<>(List.of(busy("i-0", 4)));
        Instant now = NOW;
        Instant lastChange = null;
        int peak = 0;
        for (int round = 0; round < 20; round++) {
            now = now.plus(Duration.ofMinutes(6));
            long backlog = round < 8 ? 10_000 : 0;
            List<Instance> view = new ArrayList<>();
            for (Instance i : fleet) {
                view.add(backlog > 0 ? busy(i.id(), 4) : idle(i.id(), Duration.ofMinutes(round < 10 ? 1 : 20)));
            }
            Decision d = ScalingPolicy.decide(LIMITS, new Input(now, view, backlog, backlog > 0 ? 4 * view.size() : 0,
                    4 * view.size(), lastChange));
            if (d.action() == Action.LAUNCH) {
                for (int k = 0; k < d.count(); k++) {
                    fleet.add(busy("i-" + (fleet.size() + 1) + "-" + round, 4));
                }
                lastChange = now;
            } else if (d.action() == Action.TERMINATE) {
                fleet.removeIf(i -> d.terminate().contains(i.id()));
                lastChange = now;
            }
            peak = Math.max(peak, fleet.size());
            assertThat(fleet.size()).isBetween(LIMITS.min(), LIMITS.max());
        }
        assertThat(peak).isEqualTo(4);
        assertThat(fleet).hasSize(1);
    }
}
