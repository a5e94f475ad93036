package io.faas.ec2.internal;

import io.faas.ec2.Ec2FleetSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The scaling decision of an EC2 fleet, as a pure function of what the fleet looks like now:
 * no clock, no AWS, no threads. Rules, first match wins:
 * <ol>
 *   <li>more instances than {@code max} (pending ones count): terminate the surplus, idle first;</li>
 *   <li>fewer than {@code min}: launch up to {@code min} at once, cool-down or not;</li>
 *   <li>pressure (backlog above {@code backlogPerInstance} per instance, or busy slots at
 *       {@code scaleUpUtilisation}): launch {@code step}, never past {@code max}, not while
 *       launched instances are still pending nor during the cool-down;</li>
 *   <li>no backlog and instances idle for {@code scaleInIdle}: terminate up to {@code step} of
 *       them, longest idle first, never below {@code min}, not during the cool-down;</li>
 *   <li>else hold.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class ScalingPolicy {

    private ScalingPolicy() {
    }

    /** The limits of a fleet, from its settings. */
    public record Limits(int min, int max, int step, Duration coolDown, Duration scaleInIdle, long backlogPerInstance,
                         double scaleUpUtilisation) {
        public static Limits of(Ec2FleetSettings s) {
            return new Limits(s.minInstances(), s.maxInstances(), s.step(), s.coolDown(), s.scaleInIdle(),
                    s.backlogPerInstance(), s.scaleUpUtilisation());
        }
    }

    /**
     * One instance of the fleet.
     *
     * @param id      instance id
     * @param joined  whether it runs and takes calls (else it is still pending or booting)
     * @param busy    calls running on it
     * @param idleFor how long it has run nothing ({@link Duration#ZERO} while busy)
     */
    public record Instance(String id, boolean joined, int busy, Duration idleFor) {
        public Instance {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(idleFor, "idleFor");
        }
    }

    /**
     * What the fleet looks like now.
     *
     * @param now        the time of the decision
     * @param instances  instances pending or running
     * @param backlog    records of the fleet's topics not yet read
     * @param busySlots  calls running on the fleet
     * @param totalSlots calls the joined instances can run at once
     * @param lastChange when the fleet last launched or terminated, or {@code null}
     */
    public record Input(Instant now, List<Instance> instances, long backlog, int busySlots, int totalSlots,
                        Instant lastChange) {
        public Input {
            Objects.requireNonNull(now, "now");
            instances = List.copyOf(instances);
        }
    }

    public enum Action { LAUNCH, TERMINATE, HOLD }

    /**
     * What to do.
     *
     * @param action    launch, terminate or hold
     * @param count     instances to launch or terminate (0 to hold)
     * @param terminate ids to terminate
     * @param reason    why, for the log
     */
    public record Decision(Action action, int count, List<String> terminate, String reason) {
        static Decision hold(String reason) {
            return new Decision(Action.HOLD, 0, List.of(), reason);
        }

        static Decision launch(int count, String reason) {
            return new Decision(Action.LAUNCH, count, List.of(), reason);
        }

        static Decision terminate(List<String> ids, String reason) {
            return new Decision(Action.TERMINATE, ids.size(), List.copyOf(ids), reason);
        }
    }

    public static Decision decide(Limits limits, Input in) {
        int n = in.instances().size();
        if (n > limits.max()) {
            List<String> surplus = in.instances().stream()
                    .sorted(Comparator.comparing(Instance::busy).thenComparing(Instance::idleFor, Comparator.reverseOrder()))
                    .limit(n - limits.max()).map(Instance::id).toList();
            return Decision.terminate(surplus, n + " instances, above the maximum of " + limits.max());
        }
        if (n < limits.min()) {
            return Decision.launch(limits.min() - n, n + " instances, below the minimum of " + limits.min());
        }
        boolean coolingDown = in.lastChange() != null
                && in.now().isBefore(in.lastChange().plus(limits.coolDown()));
        double utilisation = in.totalSlots() == 0 ? 0 : (double) in.busySlots() / in.totalSlots();
        boolean backlogHigh = in.backlog() > limits.backlogPerInstance() * n;
        boolean busy = in.totalSlots() > 0 && utilisation >= limits.scaleUpUtilisation();
        if (backlogHigh || busy) {
            String why = backlogHigh ? "backlog " + in.backlog() + " > " + limits.backlogPerInstance() + " x " + n
                    + " instances" : String.format("utilisation %.0f%% >= %.0f%%", utilisation * 100,
                    limits.scaleUpUtilisation() * 100);
            if (n >= limits.max()) {
                return Decision.hold(why + ", but at the maximum of " + limits.max() + " instances");
            }
            long pending = in.instances().stream().filter(i -> !i.joined()).count();
            if (pending > 0) {
                return Decision.hold(why + ", " + pending + " launched instances still starting");
            }
            if (coolingDown) {
                return Decision.hold(why + ", cooling down until " + in.lastChange().plus(limits.coolDown()));
            }
            return Decision.launch(Math.min(limits.step(), limits.max() - n), why);
        }
        if (in.backlog() == 0 && n > limits.min()) {
            List<String> idle = in.instances().stream()
                    .filter(i -> i.joined() && i.busy() == 0 && i.idleFor().compareTo(limits.scaleInIdle()) >= 0)
                    .sorted(Comparator.comparing(Instance::idleFor).reversed())
                    .limit(Math.min(limits.step(), n - limits.min()))
                    .map(Instance::id).toList();
            if (!idle.isEmpty()) {
                if (coolingDown) {
                    return Decision.hold("idle instances, cooling down until "
                            + in.lastChange().plus(limits.coolDown()));
                }
                return Decision.terminate(idle, "no backlog, idle for " + limits.scaleInIdle() + " or more");
            }
        }
        return Decision.hold("steady: " + n + " instances, backlog " + in.backlog() + ", "
                + in.busySlots() + "/" + in.totalSlots() + " slots busy");
    }
}
