package io.faas.spring.boot.autoconfigure;

import io.faas.api.spi.FunctionExecutor;

import java.util.List;

/**
 * Executors that an auto-configuration built from a map of properties (the SSH pools under
 * {@code faas.ssh.pools}, the EC2 fleets under {@code faas.ec2.fleets}), held as one bean. The
 * client bean hands them to {@link io.faas.core.FaasClients#create} beside every
 * {@link FunctionExecutor} bean; the client starts and closes them, the group does neither.
 *
 * @since 0.2
 */
public interface FaasExecutorGroup {

    /** Executors of the group, in the order they were configured; none started yet. */
    List<FunctionExecutor> executors();
}
