package io.faas.spring.boot.autoconfigure.metrics;

import io.faas.api.Invocation;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.FaasClient;
import io.faas.core.PartitionLag;
import io.faas.core.PythonExecutor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Micrometer meters of faas, fed by the ledger (every record this instance stores) and the
 * dispatcher:
 * <ul>
 *   <li>{@code faas.invocations} (counter; tags {@code function}, {@code status}): final records stored;</li>
 *   <li>{@code faas.invocation.duration} (timer; tags {@code function}, {@code status}): start of the last
 *       attempt to the final status;</li>
 *   <li>{@code faas.invocation.cold.starts} (counter; tag {@code function}): runs that had to load code first;</li>
 *   <li>{@code faas.dispatcher.consumer.lag} (gauge): records the dispatchers' group has not committed,
 *   over every partition of the registered topics, whoever owns it;</li>
 *   <li>{@code faas.dispatcher.in.flight} (gauge): events read but not fully recorded;</li>
 *   <li>{@code faas.dispatcher.rebalance.reexecutions} (counter): invocations that partitions revoked
 *   from this instance left unrecorded, which their new owner runs again;</li>
 *   <li>{@code faas.dispatcher.filtered} (counter): events that a function's content filter kept from
 *   it, once per function, so no run and no record (per function: {@code /api/functions/{name}/stats});</li>
 *   <li>{@code faas.dispatcher.destination.failures} (counter): outcomes that could not be sent to a
 *   function's destination topic (each kept on its record).</li>
 * </ul>
 * and for every Python executor (tag {@code executor}): {@code faas.python.pool.size},
 * {@code faas.python.workers} (tag {@code state}: live, idle, busy), and the counters
 * {@code faas.python.workers.started}, {@code faas.python.cold.starts}, {@code faas.python.crashes},
 * {@code faas.python.timeouts}.
 *
 * <p>Bind it to one registry (Spring Boot binds every {@link MeterBinder} bean to its registry).
 *
 * @since 0.1
 */
public class FaasMetrics implements MeterBinder {

    private final FaasClient client;
    private final AtomicBoolean listening = new AtomicBoolean();
    private volatile MeterRegistry registry;

    public FaasMetrics(FaasClient client) {
        this.client = client;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("faas.dispatcher.consumer.lag", client,
                        c -> PartitionLag.total(c.consumerLag()))
                .description("Records of the registered topics the dispatchers' group has not committed, over all partitions")
                .register(registry);
        Gauge.builder("faas.dispatcher.in.flight", client, FaasClient::inFlight)
                .description("Events read but not yet fully recorded")
                .register(registry);
        FunctionCounter.builder("faas.dispatcher.rebalance.reexecutions", client, FaasClient::rebalanceReexecutions)
                .description("Invocations left unrecorded by partitions revoked from this instance, run again elsewhere")
                .register(registry);
        FunctionCounter.builder("faas.dispatcher.filtered", client, FaasClient::filteredEvents)
                .description("Events a function's content filter kept from it: no run, no ledger record")
                .register(registry);
        FunctionCounter.builder("faas.dispatcher.destination.failures", client, FaasClient::destinationFailures)
                .description("Outcomes that could not be sent to a function's destination topic")
                .register(registry);
        for (FunctionExecutor e : client.executors()) {
            if (e instanceof PythonExecutor python) {
                bindPool(registry, python);
            }
        }
        if (listening.compareAndSet(false, true)) {
            client.addInvocationListener(this::record);
        }
    }

    private static void bindPool(MeterRegistry registry, PythonExecutor python) {
        String executor = python.name();
        Gauge.builder("faas.python.pool.size", python, p -> p.settings().poolSize())
                .description("Most Python worker processes alive at once").tag("executor", executor)
                .register(registry);
        Gauge.builder("faas.python.workers", python, p -> p.stats().liveWorkers())
                .description("Python worker processes alive").tag("executor", executor).tag("state", "live")
                .register(registry);
        Gauge.builder("faas.python.workers", python, p -> p.stats().idleWorkers())
                .description("Python worker processes alive").tag("executor", executor).tag("state", "idle")
                .register(registry);
        Gauge.builder("faas.python.workers", python, p -> p.stats().busyWorkers())
                .description("Python worker processes alive").tag("executor", executor).tag("state", "busy")
                .register(registry);
        FunctionCounter.builder("faas.python.workers.started", python, p -> p.stats().workersStarted())
                .description("Python worker processes started").tag("executor", executor).register(registry);
        FunctionCounter.builder("faas.python.cold.starts", python, p -> p.stats().coldStarts())
                .description("Python calls that had to load their function's code first").tag("executor", executor)
                .register(registry);
        FunctionCounter.builder("faas.python.crashes", python, p -> p.stats().crashes())
                .description("Python worker processes that ended on their own").tag("executor", executor)
                .register(registry);
        FunctionCounter.builder("faas.python.timeouts", python, p -> p.stats().timeouts())
                .description("Python calls stopped at their timeout").tag("executor", executor).register(registry);
    }

    private void record(Invocation invocation) {
        MeterRegistry r = registry;
        if (r == null || !invocation.status().isFinal()) {
            return;
        }
        String status = invocation.status().name();
        Counter.builder("faas.invocations")
                .description("Invocations recorded in the ledger")
                .tag("function", invocation.function())
                .tag("status", status)
                .register(r).increment();
        long ms = invocation.durationMs();
        if (ms >= 0) {
            Timer.builder("faas.invocation.duration")
                    .description("Run time of the last attempt of an invocation")
                    .tag("function", invocation.function())
                    .tag("status", status)
                    .register(r).record(Duration.ofMillis(ms));
        }
        if (invocation.coldStart()) {
            Counter.builder("faas.invocation.cold.starts")
                    .description("Invocations whose worker had to load the function's code first")
                    .tag("function", invocation.function())
                    .register(r).increment();
        }
    }
}
