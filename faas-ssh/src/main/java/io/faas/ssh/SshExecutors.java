package io.faas.ssh;

import io.faas.api.spi.FunctionExecutor;
import io.faas.ssh.internal.SshExecutor;

import java.util.Objects;

/**
 * Creates executors that run Python functions on SSH hosts. Pass them to
 * {@link io.faas.core.FaasClients#create(io.faas.core.FaasSettings, java.util.Collection)}; each
 * returned executor is thread-safe, does nothing until {@code start()}, and must be closed (the
 * client does both for the executors passed to it).
 *
 * <pre>{@code
 * FunctionExecutor fast = SshExecutors.pool(SshPoolSettings.builder("fast")
 *         .host("10.0.0.5").user("faas").privateKey(Path.of("/etc/faas/id_ed25519")).build());
 * try (FaasClient faas = FaasClients.create(settings, List.of(fast))) {
 *     ...
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class SshExecutors {

    private SshExecutors() {
    }

    /**
     * Python functions in warm workers on a pool of SSH hosts; executor name {@code ssh:<pool>}.
     * Code is uploaded once per host and function version; a host that fails during a call is
     * marked down and the call is retried on another; down hosts are probed back in.
     */
    public static FunctionExecutor pool(SshPoolSettings settings) {
        return new SshExecutor(Objects.requireNonNull(settings, "settings"));
    }
}
