package io.faas.core.internal.execution.python;

import io.faas.api.FunctionSpec;
import io.faas.core.PythonSettings;

import java.util.List;
import java.util.Objects;

/**
 * What a worker process was started for, and so which calls it may take: one function (so
 * functions never share a process and its memory), its memory limit, whether its sandbox
 * shares the host's network, and the package directories it sees (read-only, bound when the worker
 * starts, so a worker of a package serves that package only). A worker started ahead of demand has
 * no function yet ({@link #unbound}) and is bound to the first single-file function that takes it.
 *
 * @param function      the one function it serves, {@code null} while unbound
 * @param memoryLimitMb address-space limit, 0 for none
 * @param network       whether its sandbox shares the host's network
 * @param packageDirs   the unpacked package of the function and then its layers, in {@code sys.path}
 *                      order; empty for a single-file function
 */
public record WorkerProfile(String function, int memoryLimitMb, boolean network, List<String> packageDirs) {

    /** The profile of a worker for a single-file function. */
    public WorkerProfile(String function, int memoryLimitMb, boolean network) {
        this(function, memoryLimitMb, network, List.of());
    }

    public WorkerProfile {
        if (memoryLimitMb < 0) {
            throw new IllegalArgumentException("memory limit must not be negative: " + memoryLimitMb);
        }
        packageDirs = packageDirs == null ? List.of() : List.copyOf(packageDirs);
    }

    /** The profile of a worker for this function, with the limits of these settings. */
    public static WorkerProfile of(FunctionSpec spec, PythonSettings settings) {
        return of(spec, settings.workers().memoryLimitMb(), settings.maxMemoryLimitMb());
    }

    /**
     * The profile of a worker for this function: the spec's memory limit, else {@code defaultLimitMb},
     * and never none when {@code maxLimitMb} is above 0 (0: no cap).
     */
    public static WorkerProfile of(FunctionSpec spec, int defaultLimitMb, int maxLimitMb) {
        int limit = spec.memoryLimitMb() > 0 ? spec.memoryLimitMb() : defaultLimitMb;
        return new WorkerProfile(spec.name(), limit == 0 ? maxLimitMb : limit, spec.network());
    }

    /** A worker not yet bound to a function, with this memory limit and no network. */
    public static WorkerProfile unbound(int memoryLimitMb) {
        return new WorkerProfile(null, memoryLimitMb, false);
    }

    /** A worker not yet bound to a function, with the limit a spec without its own gets, and no network. */
    public static WorkerProfile unbound(PythonSettings settings) {
        int limit = settings.workers().memoryLimitMb();
        return unbound(limit > 0 ? limit : settings.maxMemoryLimitMb());
    }

    /** Whether no function took a worker of this profile yet. */
    public boolean isUnbound() {
        return function == null;
    }

    /** Whether a worker of this profile may take a call that needs {@code wanted}: the same, or unbound with the same limits. */
    public boolean serves(WorkerProfile wanted) {
        return equals(wanted) || isUnbound() && memoryLimitMb == wanted.memoryLimitMb && network == wanted.network
                && packageDirs.equals(wanted.packageDirs);
    }

    /** This profile bound to {@code name}. */
    public WorkerProfile boundTo(String name) {
        return new WorkerProfile(Objects.requireNonNull(name, "name"), memoryLimitMb, network, packageDirs);
    }

    /** This profile with the function's unpacked package and layers. */
    public WorkerProfile withPackage(List<String> dirs) {
        return new WorkerProfile(function, memoryLimitMb, network, dirs);
    }
}
