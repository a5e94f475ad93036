package io.faas.ec2;

import io.faas.core.spi.ContextualExecutor;
import io.faas.ec2.internal.Ec2FleetExecutor;

import java.util.Objects;

/**
 * Creates EC2 fleets: executors that run Python functions over SSH on EC2 instances that they
 * launch and terminate as the backlog of their topics grows and shrinks. Pass them to
 * {@link io.faas.core.FaasClients#create(io.faas.core.FaasSettings, java.util.Collection)}, which
 * binds, starts and closes them; several instances of a host app on one database share each
 * fleet's launches through a lease.
 *
 * <pre>{@code
 * try (FaasClient faas = FaasClients.create(settings, List.of(Ec2Fleets.fleet(burst)))) {
 *     ...
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class Ec2Fleets {

    private Ec2Fleets() {
    }

    /** The fleet as the executor {@code ec2:<name>}; thread-safe, started by the client it is passed to. */
    public static ContextualExecutor fleet(Ec2FleetSettings settings) {
        return new Ec2FleetExecutor(Objects.requireNonNull(settings, "settings"));
    }
}
