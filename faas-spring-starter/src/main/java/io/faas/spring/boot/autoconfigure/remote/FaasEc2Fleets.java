package io.faas.spring.boot.autoconfigure.remote;

import io.faas.api.spi.FunctionExecutor;
import io.faas.ec2.Ec2FleetSettings;
import io.faas.ec2.Ec2Fleets;
import io.faas.spring.boot.autoconfigure.FaasExecutorGroup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2 fleets configured under {@code faas.ec2.fleets}: the settings of each by name, and its
 * executor {@code ec2:<name>}, not bound nor started (the client does both, and closes it).
 * Immutable.
 *
 * @param settings  settings of each fleet, by fleet name, in the order configured
 * @param executors one executor per fleet, in the same order
 * @since 0.2
 */
public record FaasEc2Fleets(Map<String, Ec2FleetSettings> settings, List<FunctionExecutor> executors)
        implements FaasExecutorGroup {

    public FaasEc2Fleets {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        executors = List.copyOf(executors);
    }

    /** The fleets of {@code settings}, one executor each; no AWS call until a client binds and starts them. */
    public static FaasEc2Fleets of(Map<String, Ec2FleetSettings> settings) {
        return new FaasEc2Fleets(settings, settings.values().stream()
                .<FunctionExecutor>map(Ec2Fleets::fleet).toList());
    }
}
