package io.faas.ec2;

import io.faas.core.internal.common.SettingsChecks;
import io.faas.ssh.SshPoolSettings;
import io.faas.api.Names;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A fleet of EC2 instances that run Python functions (executor {@code ec2:<name>}) and grows
 * and shrinks with the backlog of its topics. Instances are launched from a launch template, or
 * from an AMI with an instance type, subnet, security groups and key pair; they are found again
 * by the tag {@code faas:fleet=<name>}; once running and reachable over SSH they join the fleet's
 * host list and are used like an {@link SshPoolSettings SSH pool}.
 *
 * <p>Scaling, evaluated every {@link #evaluationInterval()}: below {@link #minInstances()} it
 * launches up to the minimum at once; when the backlog (consumer lag of the fleet's topics) is
 * more than {@link #backlogPerInstance()} per instance, or the busy share of the fleet's call
 * slots reaches {@link #scaleUpUtilisation()}, it launches {@link #step()} more, never past
 * {@link #maxInstances()} (a hard cap, pending instances included); with no backlog it
 * terminates up to {@code step} instances that ran nothing for {@link #scaleInIdle()}, never
 * below the minimum. After each launch or termination it waits {@link #coolDown()}.
 * {@link #dryRun()} logs every decision and calls no AWS API.
 *
 * <p>Credentials come from the AWS SDK's default provider chain (environment, system
 * properties, profile, instance role) and are never logged. Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Ec2FleetSettings {

    private static final Pattern AWS_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,255}");

    private final String name;
    private final SshPoolSettings ssh;
    private final String region;
    private final URI endpointOverride;
    private final String launchTemplateId;
    private final String launchTemplateName;
    private final String launchTemplateVersion;
    private final String imageId;
    private final String instanceType;
    private final String subnetId;
    private final List<String> securityGroupIds;
    private final String keyName;
    private final Map<String, String> tags;
    private final Set<String> topics;
    private final int minInstances;
    private final int maxInstances;
    private final int step;
    private final Duration coolDown;
    private final Duration scaleInIdle;
    private final long backlogPerInstance;
    private final double scaleUpUtilisation;
    private final Duration evaluationInterval;
    private final Duration launchTimeout;
    private final int sshPort;
    private final boolean usePublicIp;
    private final boolean dryRun;

    private Ec2FleetSettings(Builder b) {
        name = b.name;
        ssh = SshPoolSettings.builder(b.ssh).name(b.name).build();
        region = b.region;
        endpointOverride = b.endpointOverride;
        launchTemplateId = b.launchTemplateId;
        launchTemplateName = b.launchTemplateName;
        launchTemplateVersion = b.launchTemplateVersion;
        imageId = b.imageId;
        instanceType = b.instanceType;
        subnetId = b.subnetId;
        securityGroupIds = List.copyOf(b.securityGroupIds);
        keyName = b.keyName;
        tags = Map.copyOf(b.tags);
        topics = Set.copyOf(b.topics);
        minInstances = b.minInstances;
        maxInstances = b.maxInstances;
        step = b.step;
        coolDown = b.coolDown;
        scaleInIdle = b.scaleInIdle;
        backlogPerInstance = b.backlogPerInstance;
        scaleUpUtilisation = b.scaleUpUtilisation;
        evaluationInterval = b.evaluationInterval;
        launchTimeout = b.launchTimeout;
        sshPort = b.sshPort;
        usePublicIp = b.usePublicIp;
        dryRun = b.dryRun;
    }

    /** A builder for the fleet {@code name} ({@link SshPoolSettings#POOL_NAME}). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder that starts from {@code existing}. */
    public static Builder builder(Ec2FleetSettings existing) {
        return new Builder(Objects.requireNonNull(existing, "existing"));
    }

    public String name() {
        return name;
    }

    /** Executor name of this fleet: {@code ec2:<name>}. */
    public String executorName() {
        return "ec2:" + name;
    }

    /** How instances are reached and used: user, key, known hosts, concurrency, interpreter (its hosts are the instances). */
    public SshPoolSettings ssh() {
        return ssh;
    }

    /** AWS region, or {@code null} for the SDK's default region chain. */
    public String region() {
        return region;
    }

    /** EC2 endpoint to use instead of AWS's (LocalStack, a test server), or {@code null}. */
    public URI endpointOverride() {
        return endpointOverride;
    }

    public String launchTemplateId() {
        return launchTemplateId;
    }

    public String launchTemplateName() {
        return launchTemplateName;
    }

    /** Version of the launch template ({@code $Default} when {@code null}). */
    public String launchTemplateVersion() {
        return launchTemplateVersion;
    }

    /** AMI, when no launch template is given (or to override the template's). */
    public String imageId() {
        return imageId;
    }

    public String instanceType() {
        return instanceType;
    }

    public String subnetId() {
        return subnetId;
    }

    public List<String> securityGroupIds() {
        return securityGroupIds;
    }

    /** EC2 key pair whose public key the instances accept ({@link SshPoolSettings#privateKey()} is its private half). */
    public String keyName() {
        return keyName;
    }

    /** Extra tags of every instance; {@code faas:fleet=<name>} is always added and identifies the fleet. */
    public Map<String, String> tags() {
        return tags;
    }

    /**
     * Topics whose backlog counts for this fleet besides those bound to it
     * ({@link io.faas.core.FaasSettings#topicExecutors()}) and those of functions that name it.
     */
    public Set<String> topics() {
        return topics;
    }

    /** Instances kept however idle (default 0). */
    public int minInstances() {
        return minInstances;
    }

    /** Most instances at once, pending ones included: a hard cost cap (required). */
    public int maxInstances() {
        return maxInstances;
    }

    /** Instances launched or terminated by one decision (default 1). */
    public int step() {
        return step;
    }

    /** Wait after a launch or termination before the next one (default 5 min). */
    public Duration coolDown() {
        return coolDown;
    }

    /** An instance that ran nothing for this long may be terminated when there is no backlog (default 10 min). */
    public Duration scaleInIdle() {
        return scaleInIdle;
    }

    /** Backlog (records not yet read) one instance is expected to absorb (default 100). */
    public long backlogPerInstance() {
        return backlogPerInstance;
    }

    /** Share of busy call slots, 0 to 1, at which the fleet grows even without backlog (default 0.8). */
    public double scaleUpUtilisation() {
        return scaleUpUtilisation;
    }

    /** How often the fleet is looked at and scaled (default 30 s). */
    public Duration evaluationInterval() {
        return evaluationInterval;
    }

    /** Longest wait for a launched instance to run and answer SSH; after it, it is terminated (default 5 min). */
    public Duration launchTimeout() {
        return launchTimeout;
    }

    /** SSH port of the instances (default 22). */
    public int sshPort() {
        return sshPort;
    }

    /** Whether instances are reached on their public IP (default false: the private one). */
    public boolean usePublicIp() {
        return usePublicIp;
    }

    /** Whether decisions are only logged: no AWS call at all, not even to describe (default false). */
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public String toString() {
        return "Ec2FleetSettings{name=" + name + ", region=" + region + ", endpointOverride=" + endpointOverride
                + ", launchTemplate=" + (launchTemplateId != null ? launchTemplateId : launchTemplateName)
                + ", imageId=" + imageId + ", instanceType=" + instanceType + ", min=" + minInstances + ", max="
                + maxInstances + ", step=" + step + ", coolDown=" + coolDown + ", dryRun=" + dryRun + "}";
    }

    /** Mutable builder; {@link #build()} checks every value. Not thread-safe. */
    public static final class Builder {
        private String name;
        private SshPoolSettings ssh;
        private String region;
        private URI endpointOverride;
        private String launchTemplateId;
        private String launchTemplateName;
        private String launchTemplateVersion;
        private String imageId;
        private String instanceType;
        private String subnetId;
        private List<String> securityGroupIds = new ArrayList<>();
        private String keyName;
        private Map<String, String> tags = new LinkedHashMap<>();
        private Set<String> topics = new TreeSet<>();
        private int minInstances;
        private int maxInstances;
        private int step = 1;
        private Duration coolDown = Duration.ofMinutes(5);
        private Duration scaleInIdle = Duration.ofMinutes(10);
        private long backlogPerInstance = 100;
        private double scaleUpUtilisation = 0.8;
        private Duration evaluationInterval = Duration.ofSeconds(30);
        private Duration launchTimeout = Duration.ofMinutes(5);
        private int sshPort = 22;
        private boolean usePublicIp;
        private boolean dryRun;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(Ec2FleetSettings s) {
            name = s.name;
            ssh = s.ssh;
            region = s.region;
            endpointOverride = s.endpointOverride;
            launchTemplateId = s.launchTemplateId;
            launchTemplateName = s.launchTemplateName;
            launchTemplateVersion = s.launchTemplateVersion;
            imageId = s.imageId;
            instanceType = s.instanceType;
            subnetId = s.subnetId;
            securityGroupIds = new ArrayList<>(s.securityGroupIds);
            keyName = s.keyName;
            tags = new LinkedHashMap<>(s.tags);
            topics = new TreeSet<>(s.topics);
            minInstances = s.minInstances;
            maxInstances = s.maxInstances;
            step = s.step;
            coolDown = s.coolDown;
            scaleInIdle = s.scaleInIdle;
            backlogPerInstance = s.backlogPerInstance;
            scaleUpUtilisation = s.scaleUpUtilisation;
            evaluationInterval = s.evaluationInterval;
            launchTimeout = s.launchTimeout;
            sshPort = s.sshPort;
            usePublicIp = s.usePublicIp;
            dryRun = s.dryRun;
        }

        /** Connection and worker settings; its name is replaced by the fleet's and its hosts must be empty. */
        public Builder ssh(SshPoolSettings ssh) {
            this.ssh = ssh;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        public Builder launchTemplateId(String launchTemplateId) {
            this.launchTemplateId = launchTemplateId;
            return this;
        }

        public Builder launchTemplateName(String launchTemplateName) {
            this.launchTemplateName = launchTemplateName;
            return this;
        }

        public Builder launchTemplateVersion(String launchTemplateVersion) {
            this.launchTemplateVersion = launchTemplateVersion;
            return this;
        }

        public Builder imageId(String imageId) {
            this.imageId = imageId;
            return this;
        }

        public Builder instanceType(String instanceType) {
            this.instanceType = instanceType;
            return this;
        }

        public Builder subnetId(String subnetId) {
            this.subnetId = subnetId;
            return this;
        }

        /** Adds a security group. */
        public Builder securityGroupId(String securityGroupId) {
            this.securityGroupIds.add(Objects.requireNonNull(securityGroupId, "securityGroupId"));
            return this;
        }

        public Builder keyName(String keyName) {
            this.keyName = keyName;
            return this;
        }

        /** Adds a tag of every instance. */
        public Builder tag(String key, String value) {
            this.tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds a topic whose backlog counts for the fleet. */
        public Builder topic(String topic) {
            this.topics.add(Objects.requireNonNull(topic, "topic"));
            return this;
        }

        public Builder minInstances(int minInstances) {
            this.minInstances = minInstances;
            return this;
        }

        public Builder maxInstances(int maxInstances) {
            this.maxInstances = maxInstances;
            return this;
        }

        public Builder step(int step) {
            this.step = step;
            return this;
        }

        public Builder coolDown(Duration coolDown) {
            this.coolDown = coolDown;
            return this;
        }

        public Builder scaleInIdle(Duration scaleInIdle) {
            this.scaleInIdle = scaleInIdle;
            return this;
        }

        public Builder backlogPerInstance(long backlogPerInstance) {
            this.backlogPerInstance = backlogPerInstance;
            return this;
        }

        public Builder scaleUpUtilisation(double scaleUpUtilisation) {
            this.scaleUpUtilisation = scaleUpUtilisation;
            return this;
        }

        public Builder evaluationInterval(Duration evaluationInterval) {
            this.evaluationInterval = evaluationInterval;
            return this;
        }

        public Builder launchTimeout(Duration launchTimeout) {
            this.launchTimeout = launchTimeout;
            return this;
        }

        public Builder sshPort(int sshPort) {
            this.sshPort = sshPort;
            return this;
        }

        public Builder usePublicIp(boolean usePublicIp) {
            this.usePublicIp = usePublicIp;
            return this;
        }

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first setting that is missing or not acceptable
         */
        public Ec2FleetSettings build() {
            if (name == null || !SshPoolSettings.POOL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("ec2 fleet name must be 1 to 32 of a-z, 0-9, '_' and '-', "
                        + "starting with a letter or digit: " + name);
            }
            String what = "ec2 fleet '" + name + "' ";
            if (ssh == null) {
                throw new IllegalArgumentException(what + "needs ssh settings (user, privateKey, knownHosts)");
            }
            if (!ssh.hosts().isEmpty()) {
                throw new IllegalArgumentException(what + "ssh settings must list no hosts: the instances are the hosts");
            }
            if (ssh.privateKey() == null) {
                throw new IllegalArgumentException(what + "ssh settings need the privateKey of the instances' key pair");
            }
            boolean template = launchTemplateId != null || launchTemplateName != null;
            if (launchTemplateId != null && launchTemplateName != null) {
                throw new IllegalArgumentException(what + "takes launchTemplateId or launchTemplateName, not both");
            }
            if (!template && (imageId == null || instanceType == null)) {
                throw new IllegalArgumentException(what + "needs a launch template (launchTemplateId or "
                        + "launchTemplateName) or an imageId and an instanceType");
            }
            for (String id : new String[] {launchTemplateId, launchTemplateName, launchTemplateVersion, imageId,
                    instanceType, subnetId, keyName, region}) {
                if (id != null && !AWS_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException(what + "has an unacceptable AWS identifier: " + id);
                }
            }
            securityGroupIds.forEach(Objects::requireNonNull);
            for (String topic : topics) {
                Names.requireTopicName(topic);
            }
            for (String key : tags.keySet()) {
                if (key.startsWith("faas:") || key.startsWith("aws:")) {
                    throw new IllegalArgumentException(what + "tag keys starting with faas: or aws: are reserved: " + key);
                }
            }
            SettingsChecks.atLeast(what + "minInstances", minInstances, 0);
            SettingsChecks.atLeast(what + "maxInstances", maxInstances, 1);
            if (maxInstances < minInstances) {
                throw new IllegalArgumentException(what + "maxInstances (" + maxInstances
                        + ") must be at least minInstances (" + minInstances + ")");
            }
            SettingsChecks.atLeast(what + "step", step, 1);
            SettingsChecks.notNegative(what + "coolDown", coolDown);
            SettingsChecks.positive(what + "scaleInIdle", scaleInIdle);
            SettingsChecks.atLeast(what + "backlogPerInstance", backlogPerInstance, 1);
            if (!(scaleUpUtilisation > 0 && scaleUpUtilisation <= 1)) {
                throw new IllegalArgumentException(what + "scaleUpUtilisation must be above 0 and at most 1: "
                        + scaleUpUtilisation);
            }
            SettingsChecks.positive(what + "evaluationInterval", evaluationInterval);
            SettingsChecks.positive(what + "launchTimeout", launchTimeout);
            if (sshPort < 1 || sshPort > 65535) {
                throw new IllegalArgumentException(what + "sshPort must be between 1 and 65535: " + sshPort);
            }
            return new Ec2FleetSettings(this);
        }
    }
}
