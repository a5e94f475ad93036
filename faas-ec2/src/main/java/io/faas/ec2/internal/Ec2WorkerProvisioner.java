package io.faas.ec2.internal;

import io.faas.ec2.Ec2FleetSettings;
import io.faas.ssh.SshHostSettings;
import io.faas.core.spi.Lease;
import io.faas.ssh.internal.SshExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps an EC2 fleet the size its load asks for, and its running instances in the fleet's SSH
 * host list. Every {@link Ec2FleetSettings#evaluationInterval()}, on one daemon thread: describe
 * the fleet's instances (by the tag {@code faas:fleet=<name>}); let running ones that answer SSH
 * join the {@link SshExecutor}; terminate those that did not within the launch timeout; decide with
 * {@link ScalingPolicy} from the backlog and the hosts' load; launch or terminate. In dry-run mode
 * it makes no AWS call and logs what it would do, keeping a simulated count of instances.
 *
 * <p>Several instances of a host app may run the same fleet: each describes the fleet and joins
 * its instances to its own host list, but only the holder of the fleet's {@link Lease} launches
 * and terminates, so N app instances never launch N times the instances. The holder renews the
 * lease every round for three rounds (at least 15 s); when it stops (closed, crashed), another
 * instance takes over once the lease has expired, at the latest. A round in which the lease store
 * cannot be reached launches and terminates nothing.
 *
 * <p>Closing stops the evaluation only: instances keep running and are found again by their tag
 * by the next start. Thread-safe.
 */
public final class Ec2WorkerProvisioner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ec2WorkerProvisioner.class);
    /** Tag that names the fleet an instance belongs to. */
    public static final String FLEET_TAG = "faas:fleet";
    private static final Duration MIN_LEASE_TTL = Duration.ofSeconds(15);

    private final Ec2FleetSettings settings;
    private final SshExecutor executor;
    private final LongSupplier backlog;
    private final Clock clock;
    private final ScalingPolicy.Limits limits;
    private final Lease lease;
    private final Duration leaseTtl;
    private volatile boolean leader;
    private final Object lifecycle = new Object();
    /** Instances launched and not yet joined: id → launch time. Touched only by the evaluation thread, and read by stats. */
    private final Map<String, Instant> launching = new ConcurrentHashMap<>();
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    /** Dry run: the instances it would have, with when they would have been launched. */
    private final Map<String, Instant> simulated = new LinkedHashMap<>();
    private int simulatedSeq;
    private volatile Ec2Client client;
    private volatile Instant lastChange;
    private volatile ScalingPolicy.Decision lastDecision;
    private ScheduledExecutorService evaluator;
    private boolean closed;

    /**
     * @param executor runs the fleet's calls; instances join and leave its host list
     * @param backlog  records of the fleet's topics not yet read, summed
     */
    public Ec2WorkerProvisioner(Ec2FleetSettings settings, SshExecutor executor, LongSupplier backlog, Clock clock) {
        this(settings, executor, backlog, clock, Lease.alwaysHeld());
    }

    /**
     * @param lease held by the one instance that launches and terminates for the fleet
     */
    public Ec2WorkerProvisioner(Ec2FleetSettings settings, SshExecutor executor, LongSupplier backlog, Clock clock,
                                Lease lease) {
        this.lease = Objects.requireNonNull(lease, "lease");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = ScalingPolicy.Limits.of(settings);
        Duration threeRounds = settings.evaluationInterval().multipliedBy(3);
        this.leaseTtl = threeRounds.compareTo(MIN_LEASE_TTL) < 0 ? MIN_LEASE_TTL : threeRounds;
    }

    /** Whether this instance held the fleet's lease at its last round: it launches and terminates. */
    public boolean isLeader() {
        return leader;
    }

    /** Builds the EC2 client (unless dry-run) and starts evaluating. Idempotent. */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the provisioner of fleet '" + settings.name() + "' is closed");
            }
            if (evaluator != null) {
                return;
            }
            if (!settings.dryRun()) {
                client = buildClient(settings);
            }
            evaluator = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "faas-ec2-" + settings.name());
                t.setDaemon(true);
                return t;
            });
            evaluator.scheduleWithFixedDelay(this::evaluateQuietly, 0, settings.evaluationInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
            log.info("ec2 fleet '{}' started{}: min {}, max {}, step {}, cool-down {}", settings.name(),
                    settings.dryRun() ? " in DRY-RUN mode (no AWS calls)" : "", settings.minInstances(),
                    settings.maxInstances(), settings.step(), settings.coolDown());
        }
    }

    /** The client: region and endpoint from the settings, credentials from the SDK's default chain. */
    static Ec2Client buildClient(Ec2FleetSettings settings) {
        Ec2ClientBuilder builder = Ec2Client.builder();
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder.build();
    }

    public boolean isRunning() {
        synchronized (lifecycle) {
            return evaluator != null && !closed;
        }
    }

    /** The last decision taken, or {@code null} before the first evaluation. */
    public ScalingPolicy.Decision lastDecision() {
        return lastDecision;
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            // AWS throttling, a network blip: the next round tries again. The message never holds credentials.
            log.warn("ec2 fleet '{}': evaluation failed: {}", settings.name(), e.toString());
        }
    }

    /** One round: describe, join, decide, act. Package-private for tests that drive it directly. */
    synchronized ScalingPolicy.Decision evaluate() {
        Instant now = clock.instant();
        boolean wasLeader = leader;
        leader = holdLease();
        if (leader != wasLeader) {
            log.info("ec2 fleet '{}': this instance ({}) {} launches and terminations", settings.name(),
                    lease.holder(), leader ? "now decides" : "no longer decides");
        }
        if (!leader) {
            if (!settings.dryRun()) {
                reconcile(now, false);
            }
            lastDecision = ScalingPolicy.Decision.hold("another instance holds the fleet's lease");
            return lastDecision;
        }
        List<ScalingPolicy.Instance> instances = settings.dryRun() ? simulatedInstances(now) : reconcile(now, true);
        Map<String, SshExecutor.HostLoad> load = new HashMap<>();
        executor.load().forEach(h -> load.put(h.id(), h));
        int busySlots = 0;
        int totalSlots = 0;
        for (ScalingPolicy.Instance i : instances) {
            SshExecutor.HostLoad host = load.get(i.id());
            if (host != null && host.up()) {
                busySlots += host.busy();
                totalSlots += host.capacity();
            }
        }
        long pendingRecords = backlog.getAsLong();
        ScalingPolicy.Decision decision = ScalingPolicy.decide(limits,
                new ScalingPolicy.Input(now, instances, pendingRecords, busySlots, totalSlots, lastChange));
        lastDecision = decision;
        if (decision.action() == ScalingPolicy.Action.HOLD) {
            log.debug("ec2 fleet '{}': hold: {}", settings.name(), decision.reason());
            return decision;
        }
        log.info("ec2 fleet '{}'{}: {} {}: {}", settings.name(), settings.dryRun() ? " (dry run)" : "",
                decision.action() == ScalingPolicy.Action.LAUNCH ? "launch" : "terminate",
                decision.action() == ScalingPolicy.Action.LAUNCH ? decision.count() : decision.terminate(),
                decision.reason());
        if (decision.action() == ScalingPolicy.Action.LAUNCH) {
            launch(decision.count(), now);
        } else {
            terminate(decision.terminate());
        }
        lastChange = now;
        return decision;
    }

    private boolean holdLease() {
        try {
            return lease.acquire(leaseTtl);
        } catch (RuntimeException e) {
            log.warn("ec2 fleet '{}': cannot renew the fleet's lease, so no launch or termination this round: {}",
                    settings.name(), e.getMessage());
            return false;
        }
    }

    /**
     * The fleet's pending and running instances; running ones join, stragglers are terminated if
     * {@code decide}.
     */
    private List<ScalingPolicy.Instance> reconcile(Instant now, boolean decide) {
        List<Instance> described = describe();
        Map<String, Instance> byId = new LinkedHashMap<>();
        described.forEach(i -> byId.put(i.instanceId(), i));
        // Instances that are gone (terminated elsewhere, spot reclaimed) leave the host list.
        for (String id : List.copyOf(joined)) {
            if (!byId.containsKey(id)) {
                joined.remove(id);
                executor.leave(id);
                log.info("ec2 fleet '{}': instance {} is gone", settings.name(), id);
            }
        }
        launching.keySet().retainAll(byId.keySet());
        List<String> stragglers = new ArrayList<>();
        for (Instance instance : described) {
            String id = instance.instanceId();
            if (joined.contains(id)) {
                continue;
            }
            Instant launchedAt = launching.computeIfAbsent(id,
                    k -> instance.launchTime() != null ? instance.launchTime() : now);
            String address = settings.usePublicIp() ? instance.publicIpAddress() : instance.privateIpAddress();
            if (instance.state().name() == InstanceStateName.RUNNING && address != null
                    && executor.join(new SshHostSettings(id, address, settings.sshPort(), null, null))) {
                joined.add(id);
                launching.remove(id);
                log.info("ec2 fleet '{}': instance {} ({}) joined", settings.name(), id, address);
            } else if (now.isAfter(launchedAt.plus(settings.launchTimeout()))) {
                stragglers.add(id);
            }
        }
        if (!stragglers.isEmpty() && decide) {
            log.warn("ec2 fleet '{}': {} did not run and answer SSH within {}; terminating", settings.name(),
                    stragglers, settings.launchTimeout());
            terminate(stragglers);
        }
        Map<String, SshExecutor.HostLoad> load = new HashMap<>();
        executor.load().forEach(h -> load.put(h.id(), h));
        long nowNanos = System.nanoTime();
        List<ScalingPolicy.Instance> out = new ArrayList<>();
        for (Instance instance : described) {
            String id = instance.instanceId();
            if (stragglers.contains(id)) {
                continue;
            }
            SshExecutor.HostLoad host = load.get(id);
            boolean isJoined = joined.contains(id) && host != null;
            int busy = isJoined ? host.busy() : 0;
            Duration idleFor = isJoined && busy == 0 ? Duration.ofNanos(nowNanos - host.idleSince()) : Duration.ZERO;
            out.add(new ScalingPolicy.Instance(id, isJoined, busy, idleFor));
        }
        return out;
    }

    private List<Instance> describe() {
        List<Instance> out = new ArrayList<>();
        String token = null;
        do {
            DescribeInstancesResponse response = client.describeInstances(DescribeInstancesRequest.builder()
                    .filters(Filter.builder().name("tag:" + FLEET_TAG).values(settings.name()).build(),
                            Filter.builder().name("instance-state-name").values("pending", "running").build())
                    .nextToken(token)
                    .build());
            for (Reservation reservation : response.reservations()) {
                out.addAll(reservation.instances());
            }
            token = response.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    private void launch(int count, Instant now) {
        if (settings.dryRun()) {
            for (int i = 0; i < count; i++) {
                simulated.put("dry-run-" + (++simulatedSeq), now);
            }
            return;
        }
        List<Tag> tags = new ArrayList<>();
        tags.add(tag(FLEET_TAG, settings.name()));
        settings.tags().forEach((k, v) -> tags.add(tag(k, v)));
        RunInstancesRequest.Builder request = RunInstancesRequest.builder()
                .minCount(count)
                .maxCount(count)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build());
        if (settings.launchTemplateId() != null || settings.launchTemplateName() != null) {
            request.launchTemplate(LaunchTemplateSpecification.builder()
                    .launchTemplateId(settings.launchTemplateId())
                    .launchTemplateName(settings.launchTemplateName())
                    .version(settings.launchTemplateVersion())
                    .build());
        }
        request.imageId(settings.imageId()).instanceType(settings.instanceType()).subnetId(settings.subnetId())
                .keyName(settings.keyName());
        if (!settings.securityGroupIds().isEmpty()) {
            request.securityGroupIds(settings.securityGroupIds());
        }
        RunInstancesResponse response = client.runInstances(request.build());
        List<String> ids = response.instances().stream().map(Instance::instanceId).toList();
        ids.forEach(id -> launching.put(id, now));
        // Name holds the instance id, known only now, so consoles show which fleet member is which.
        for (String id : ids) {
            client.createTags(CreateTagsRequest.builder().resources(id)
                    .tags(tag("Name", "faas-" + settings.name() + "-" + id)).build());
        }
        log.info("ec2 fleet '{}': launched {}", settings.name(), ids);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private void terminate(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        if (settings.dryRun()) {
            simulated.keySet().removeAll(ids);
            return;
        }
        for (String id : ids) {
            joined.remove(id);
            launching.remove(id);
            executor.leave(id);
        }
        client.terminateInstances(TerminateInstancesRequest.builder().instanceIds(ids).build());
        log.info("ec2 fleet '{}': terminated {}", settings.name(), ids);
    }

    /** Dry run: every simulated instance is up and has been idle since its launch. */
    private List<ScalingPolicy.Instance> simulatedInstances(Instant now) {
        List<ScalingPolicy.Instance> out = new ArrayList<>();
        simulated.forEach((id, at) -> out.add(new ScalingPolicy.Instance(id, true, 0, Duration.between(at, now))));
        return out;
    }

    /** Instances that have joined the host list. */
    public Set<String> joinedInstances() {
        return Set.copyOf(joined);
    }

    /**
     * Stops evaluating, gives the fleet's lease up (another instance takes over at its next round)
     * and closes the EC2 client; instances keep running. Idempotent.
     */
    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            e = evaluator;
        }
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (leader) {
            leader = false;
            try {
                lease.release();
            } catch (RuntimeException ex) {
                log.warn("ec2 fleet '{}': could not release the fleet's lease; it expires by itself: {}",
                        settings.name(), ex.getMessage());
            }
        }
        if (client != null) {
            client.close();
        }
    }
}
