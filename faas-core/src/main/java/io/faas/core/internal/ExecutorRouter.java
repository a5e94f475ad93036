package io.faas.core.internal;

import io.faas.api.FunctionRuntime;
import io.faas.api.FunctionVersion;
import io.faas.api.spi.FunctionExecutor;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the executor of each invocation: the one the function's spec names, else the default
 * executor of its runtime. Thread-safe (immutable).
 */
public final class ExecutorRouter {

    private final Map<String, FunctionExecutor> byName;
    private final Map<FunctionRuntime, String> defaults;

    public ExecutorRouter(Collection<FunctionExecutor> executors, Map<FunctionRuntime, String> defaults) {
        Map<String, FunctionExecutor> m = new LinkedHashMap<>();
        for (FunctionExecutor e : executors) {
            m.put(e.name(), e);
        }
        this.byName = Map.copyOf(m);
        this.defaults = Map.copyOf(defaults);
    }

    /** The executor for the function, or empty when the named one does not exist or cannot run it. */
    public Optional<FunctionExecutor> route(FunctionVersion function) {
        String name = nameFor(function);
        FunctionExecutor executor = byName.get(name);
        if (executor == null || !executor.supports(function.spec().runtime())) {
            return Optional.empty();
        }
        return Optional.of(executor);
    }

    /** Name of the executor the function would run on. */
    public String nameFor(FunctionVersion function) {
        String name = function.spec().executor();
        return name != null ? name : defaults.getOrDefault(function.spec().runtime(), "");
    }

    public List<FunctionExecutor> executors() {
        return List.copyOf(byName.values());
    }

    public Optional<FunctionExecutor> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
