package io.faas.spring.boot.autoconfigure.remote;

import io.faas.ec2.Ec2FleetSettings;

/**
 * Adjusts the {@link Ec2FleetSettings} of each fleet built from {@code faas.ec2.fleets.*}, before
 * its executor is created. Every bean of this type is applied to every fleet, in
 * {@link org.springframework.core.annotation.Order} order.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface Ec2FleetSettingsCustomizer {

    /** Changes the builder of the fleet {@code name} in place; called once per fleet, on the thread that creates the executors. */
    void customize(String name, Ec2FleetSettings.Builder builder);
}
