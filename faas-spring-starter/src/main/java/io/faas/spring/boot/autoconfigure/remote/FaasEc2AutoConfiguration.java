package io.faas.spring.boot.autoconfigure.remote;

import io.faas.ec2.Ec2FleetSettings;
import io.faas.spring.boot.autoconfigure.FaasAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Auto-configuration of the EC2 fleets under {@code faas.ec2.fleets.<name>.*} when faas-ec2 and
 * the AWS SDK are on the classpath: one {@link FaasEc2Fleets} bean holding each fleet's settings
 * (adjusted by {@link Ec2FleetSettingsCustomizer} beans) and executor {@code ec2:<name>}, which
 * {@link FaasAutoConfiguration} hands to the client. No AWS call happens before the client binds
 * and starts the executors.
 *
 * @since 0.2
 */
@AutoConfiguration(before = FaasAutoConfiguration.class)
@ConditionalOnClass(name = {"io.faas.ec2.Ec2Fleets", "io.faas.ssh.SshExecutors",
        "software.amazon.awssdk.services.ec2.Ec2Client"})
@EnableConfigurationProperties(FaasEc2Properties.class)
public class FaasEc2AutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FaasEc2Fleets faasEc2Fleets(FaasEc2Properties properties, ObjectProvider<Ec2FleetSettingsCustomizer> customizers) {
        Map<String, Ec2FleetSettings> fleets = new LinkedHashMap<>();
        properties.getFleets().forEach((name, fleet) -> {
            Ec2FleetSettings.Builder builder = fleet.toSettingsBuilder(name);
            customizers.orderedStream().forEach(c -> c.customize(name, builder));
            fleets.put(name, builder.build());
        });
        return FaasEc2Fleets.of(fleets);
    }
}
