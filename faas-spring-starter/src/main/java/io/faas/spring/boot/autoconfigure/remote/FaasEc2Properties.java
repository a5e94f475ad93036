package io.faas.spring.boot.autoconfigure.remote;

import io.faas.ec2.Ec2FleetSettings;
import io.faas.spring.boot.autoconfigure.internal.CheckingPropertyMapper;
import io.faas.spring.boot.autoconfigure.internal.CheckingPropertyMapper.Rejections;
import io.faas.ssh.SshPoolSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2 fleets under {@code faas.ec2.fleets.<name>.*}, each the executor {@code ec2:<name>}, that
 * launch and terminate instances as the backlog of their topics grows and shrinks. Bound only when
 * faas-ec2 is on the classpath. Every property left unset takes faas-ec2's default
 * ({@link Ec2FleetSettings}); values are checked by faas-ec2's own rules when the context starts,
 * and a wrong one fails the start with the name of the property.
 *
 * @since 0.2
 */
@ConfigurationProperties("faas.ec2")
public class FaasEc2Properties implements Validator {

    static final String PREFIX = "faas.ec2";

    /**
     * EC2 fleets by name (1 to 32 of a-z, 0-9, _ and -); functions and topics select one as the
     * executor ec2:NAME.
     */
    private Map<String, Fleet> fleets = new LinkedHashMap<>();

    public Map<String, Fleet> getFleets() {
        return fleets;
    }

    public void setFleets(Map<String, Fleet> fleets) {
        this.fleets = fleets;
    }

    @Override
    public boolean supports(Class<?> type) {
        return FaasEc2Properties.class.isAssignableFrom(type);
    }

    /** Checks each fleet's values by faas-ec2's rules, so that a wrong one names its property at start-up. */
    @Override
    public void validate(Object target, Errors errors) {
        ((FaasEc2Properties) target).fleets.forEach((name, fleet) -> fleet.validate(name, errors));
    }

    /** A builder that builds if {@code name} is valid; the check of one value starts from it. */
    static Ec2FleetSettings.Builder valid(String name) {
        // The fleet renames its ssh settings after itself: a bad name is then reported as the fleet's.
        return Ec2FleetSettings.builder(name).ssh(FaasSshProperties.valid("check").build())
                .imageId("ami-check").instanceType("check").maxInstances(Integer.MAX_VALUE);
    }

    /** One EC2 fleet: where and how instances are launched, when, and how they are reached. */
    public static class Fleet {

        /**
         * AWS region; unset takes the AWS SDK's default region chain (AWS_REGION, profile, instance
         * metadata).
         */
        private String region;

        /**
         * EC2 endpoint to use instead of AWS's, such as LocalStack's.
         */
        private URI endpointOverride;

        /**
         * Launch template the instances are launched from, by id; or set launch-template-name, or
         * image-id and instance-type.
         */
        private String launchTemplateId;

        /**
         * Launch template the instances are launched from, by name; or set launch-template-id, or
         * image-id and instance-type.
         */
        private String launchTemplateName;

        /**
         * Version of the launch template; unset takes $Default.
         */
        private String launchTemplateVersion;

        /**
         * AMI of the instances, when no launch template is set (or to override the template's).
         */
        private String imageId;

        /**
         * Instance type, such as t3.small, when no launch template is set (or to override the
         * template's).
         */
        private String instanceType;

        /**
         * Subnet the instances are launched in.
         */
        private String subnetId;

        /**
         * Security groups of the instances.
         */
        private List<String> securityGroupIds = new ArrayList<>();

        /**
         * EC2 key pair whose public key the instances accept; ssh.private-key is its private half.
         */
        private String keyName;

        /**
         * Extra tags of every instance; faas:fleet=NAME is always added and identifies the fleet.
         */
        private Map<String, String> tags = new LinkedHashMap<>();

        /**
         * Topics whose backlog counts for the fleet besides those bound to it and those of
         * functions that name it.
         */
        private List<String> topics = new ArrayList<>();

        /**
         * Instances kept however idle; unset takes 0.
         */
        private Integer minInstances;

        /**
         * Most instances at once, pending ones included: a hard cost cap (required).
         */
        private Integer maxInstances;

        /**
         * Instances launched or terminated by one decision; unset takes 1.
         */
        private Integer step;

        /**
         * Wait after a launch or termination before the next one; unset takes 5m.
         */
        private Duration coolDown;

        /**
         * How long an instance must have run nothing before it may be terminated when there is no
         * backlog; unset takes 10m.
         */
        private Duration scaleInIdle;

        /**
         * Backlog (records not yet read) one instance is expected to absorb; unset takes 100.
         */
        private Long backlogPerInstance;

        /**
         * Share of busy call slots, above 0 and at most 1, at which the fleet grows even without
         * backlog; unset takes 0.8.
         */
        private Double scaleUpUtilisation;

        /**
         * How often the fleet is looked at and scaled; unset takes 30s.
         */
        private Duration evaluationInterval;

        /**
         * Longest wait for a launched instance to run and answer SSH, after which it is terminated;
         * unset takes 5m.
         */
        private Duration launchTimeout;

        /**
         * SSH port of the instances; unset takes 22.
         */
        private Integer sshPort;

        /**
         * Whether instances are reached on their public IP rather than their private one; unset
         * takes false.
         */
        private Boolean usePublicIp;

        /**
         * Whether decisions are only logged, with no AWS call at all, not even to describe; unset
         * takes false. Start with it.
         */
        private Boolean dryRun;

        /**
         * How the instances are reached and used over SSH: user, private-key (of key-name's key
         * pair), known-hosts, concurrency, interpreter, limits. Its hosts are the instances.
         */
        @NestedConfigurationProperty
        private final SshPoolProperties ssh = new SshPoolProperties();

        public SshPoolProperties getSsh() {
            return ssh;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public URI getEndpointOverride() {
            return endpointOverride;
        }

        public void setEndpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
        }

        public String getLaunchTemplateId() {
            return launchTemplateId;
        }

        public void setLaunchTemplateId(String launchTemplateId) {
            this.launchTemplateId = launchTemplateId;
        }

        public String getLaunchTemplateName() {
            return launchTemplateName;
        }

        public void setLaunchTemplateName(String launchTemplateName) {
            this.launchTemplateName = launchTemplateName;
        }

        public String getLaunchTemplateVersion() {
            return launchTemplateVersion;
        }

        public void setLaunchTemplateVersion(String launchTemplateVersion) {
            this.launchTemplateVersion = launchTemplateVersion;
        }

        public String getImageId() {
            return imageId;
        }

        public void setImageId(String imageId) {
            this.imageId = imageId;
        }

        public String getInstanceType() {
            return instanceType;
        }

        public void setInstanceType(String instanceType) {
            this.instanceType = instanceType;
        }

        public String getSubnetId() {
            return subnetId;
        }

        public void setSubnetId(String subnetId) {
            this.subnetId = subnetId;
        }

        public List<String> getSecurityGroupIds() {
            return securityGroupIds;
        }

        public void setSecurityGroupIds(List<String> securityGroupIds) {
            this.securityGroupIds = securityGroupIds;
        }

        public String getKeyName() {
            return keyName;
        }

        public void setKeyName(String keyName) {
            this.keyName = keyName;
        }

        public Map<String, String> getTags() {
            return tags;
        }

        public void setTags(Map<String, String> tags) {
            this.tags = tags;
        }

        public List<String> getTopics() {
            return topics;
        }

        public void setTopics(List<String> topics) {
            this.topics = topics;
        }

        public Integer getMinInstances() {
            return minInstances;
        }

        public void setMinInstances(Integer minInstances) {
            this.minInstances = minInstances;
        }

        public Integer getMaxInstances() {
            return maxInstances;
        }

        public void setMaxInstances(Integer maxInstances) {
            this.maxInstances = maxInstances;
        }

        public Integer getStep() {
            return step;
        }

        public void setStep(Integer step) {
            this.step = step;
        }

        public Duration getCoolDown() {
            return coolDown;
        }

        public void setCoolDown(Duration coolDown) {
            this.coolDown = coolDown;
        }

        public Duration getScaleInIdle() {
            return scaleInIdle;
        }

        public void setScaleInIdle(Duration scaleInIdle) {
            this.scaleInIdle = scaleInIdle;
        }

        public Long getBacklogPerInstance() {
            return backlogPerInstance;
        }

        public void setBacklogPerInstance(Long backlogPerInstance) {
            this.backlogPerInstance = backlogPerInstance;
        }

        public Double getScaleUpUtilisation() {
            return scaleUpUtilisation;
        }

        public void setScaleUpUtilisation(Double scaleUpUtilisation) {
            this.scaleUpUtilisation = scaleUpUtilisation;
        }

        public Duration getEvaluationInterval() {
            return evaluationInterval;
        }

        public void setEvaluationInterval(Duration evaluationInterval) {
            this.evaluationInterval = evaluationInterval;
        }

        public Duration getLaunchTimeout() {
            return launchTimeout;
        }

        public void setLaunchTimeout(Duration launchTimeout) {
            this.launchTimeout = launchTimeout;
        }

        public Integer getSshPort() {
            return sshPort;
        }

        public void setSshPort(Integer sshPort) {
            this.sshPort = sshPort;
        }

        public Boolean getUsePublicIp() {
            return usePublicIp;
        }

        public void setUsePublicIp(Boolean usePublicIp) {
            this.usePublicIp = usePublicIp;
        }

        public Boolean getDryRun() {
            return dryRun;
        }

        public void setDryRun(Boolean dryRun) {
            this.dryRun = dryRun;
        }

        /**
         * A builder of faas-ec2's {@link Ec2FleetSettings} for the fleet {@code name}, with its
         * {@code ssh} settings and every property that is set; the others keep faas-ec2's defaults.
         *
         * @throws IllegalArgumentException naming the property whose value faas-ec2 or faas-ssh refuses
         */
        public Ec2FleetSettings.Builder toSettingsBuilder(String name) {
            SshPoolSettings sshSettings = sshMapper(name, Rejections.FAIL).applyTo(SshPoolSettings.builder(name)).build();
            return mapper(name, Rejections.FAIL).applyTo(Ec2FleetSettings.builder(name).ssh(sshSettings));
        }

        void validate(String name, Errors errors) {
            Rejections rejections = Rejections.to(errors);
            CheckingPropertyMapper<Ec2FleetSettings.Builder> map = mapper(name, rejections);
            if (!map.checkDefaults()) {
                return; // a fleet name that is not one: the ssh group would only say it again
            }
            Ec2FleetSettings.Builder fleet = map.applyTo(Ec2FleetSettings.builder(name));
            CheckingPropertyMapper<SshPoolSettings.Builder> sshMap = sshMapper(name, rejections);
            SshPoolSettings.Builder sshSettings = sshMap.applyTo(SshPoolSettings.builder(name));
            if (sshMap.checkGroup(sshSettings)) {
                // what only the values together decide: a template or an AMI, the key pair's key
                map.checkGroup(fleet.ssh(sshSettings.build()));
            }
        }

        private CheckingPropertyMapper<SshPoolSettings.Builder> sshMapper(String name, Rejections rejections) {
            CheckingPropertyMapper<SshPoolSettings.Builder> map = new CheckingPropertyMapper<>(PREFIX,
                    "fleets[" + name + "].ssh", () -> FaasSshProperties.valid(name), SshPoolSettings.Builder::build,
                    rejections);
            ssh.map(map);
            return map;
        }

        private CheckingPropertyMapper<Ec2FleetSettings.Builder> mapper(String name, Rejections rejections) {
            CheckingPropertyMapper<Ec2FleetSettings.Builder> map = new CheckingPropertyMapper<>(PREFIX,
                    "fleets[" + name + "]", () -> valid(name), Ec2FleetSettings.Builder::build, rejections);
            map.from("region", this::getRegion).to(Ec2FleetSettings.Builder::region);
            map.from("endpointOverride", this::getEndpointOverride).to(Ec2FleetSettings.Builder::endpointOverride);
            map.from("launchTemplateId", this::getLaunchTemplateId).to(Ec2FleetSettings.Builder::launchTemplateId);
            map.from("launchTemplateName", this::getLaunchTemplateName).to(Ec2FleetSettings.Builder::launchTemplateName);
            map.from("launchTemplateVersion", this::getLaunchTemplateVersion)
                    .to(Ec2FleetSettings.Builder::launchTemplateVersion);
            map.from("imageId", this::getImageId).to(Ec2FleetSettings.Builder::imageId);
            map.from("instanceType", this::getInstanceType).to(Ec2FleetSettings.Builder::instanceType);
            map.from("subnetId", this::getSubnetId).to(Ec2FleetSettings.Builder::subnetId);
            map.from("keyName", this::getKeyName).to(Ec2FleetSettings.Builder::keyName);
            map.from("minInstances", this::getMinInstances).to(Ec2FleetSettings.Builder::minInstances);
            map.from("maxInstances", this::getMaxInstances).to(Ec2FleetSettings.Builder::maxInstances);
            map.from("step", this::getStep).to(Ec2FleetSettings.Builder::step);
            map.from("coolDown", this::getCoolDown).to(Ec2FleetSettings.Builder::coolDown);
            map.from("scaleInIdle", this::getScaleInIdle).to(Ec2FleetSettings.Builder::scaleInIdle);
            map.from("backlogPerInstance", this::getBacklogPerInstance).to(Ec2FleetSettings.Builder::backlogPerInstance);
            map.from("scaleUpUtilisation", this::getScaleUpUtilisation).to(Ec2FleetSettings.Builder::scaleUpUtilisation);
            map.from("evaluationInterval", this::getEvaluationInterval).to(Ec2FleetSettings.Builder::evaluationInterval);
            map.from("launchTimeout", this::getLaunchTimeout).to(Ec2FleetSettings.Builder::launchTimeout);
            map.from("sshPort", this::getSshPort).to(Ec2FleetSettings.Builder::sshPort);
            map.from("usePublicIp", this::getUsePublicIp).to(Ec2FleetSettings.Builder::usePublicIp);
            map.from("dryRun", this::getDryRun).to(Ec2FleetSettings.Builder::dryRun);
            map.from("securityGroupIds", this::getSecurityGroupIds).whenNot(List::isEmpty)
                    .to((b, ids) -> ids.forEach(b::securityGroupId));
            map.from("tags", this::getTags).whenNot(Map::isEmpty).to((b, all) -> all.forEach(b::tag));
            map.from("topics", this::getTopics).whenNot(List::isEmpty).to((b, all) -> all.forEach(b::topic));
            return map;
        }
    }
}
