package io.faas.spring.boot.autoconfigure.remote;

import io.faas.api.spi.FunctionExecutor;
import io.faas.spring.boot.autoconfigure.FaasExecutorGroup;
import io.faas.ssh.SshExecutors;
import io.faas.ssh.SshPoolSettings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SSH pools configured under {@code faas.ssh.pools}: the settings of each by name, and its
 * executor {@code ssh:<name>}, not started (the client starts and closes it). Immutable.
 *
 * @param settings  settings of each pool, by pool name, in the order configured
 * @param executors one executor per pool, in the same order
 * @since 0.2
 */
public record FaasSshPools(Map<String, SshPoolSettings> settings, List<FunctionExecutor> executors)
        implements FaasExecutorGroup {

    public FaasSshPools {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        executors = List.copyOf(executors);
    }

    /** The pools of {@code settings}, one executor each; nothing connects until the executors start. */
    public static FaasSshPools of(Map<String, SshPoolSettings> settings) {
        return new FaasSshPools(settings, settings.values().stream().map(SshExecutors::pool).toList());
    }
}
