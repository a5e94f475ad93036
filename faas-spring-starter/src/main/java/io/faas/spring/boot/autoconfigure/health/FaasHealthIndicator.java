package io.faas.spring.boot.autoconfigure.health;

import io.faas.api.spi.FunctionExecutor;
import io.faas.core.FaasClient;
import io.faas.core.PartitionLag;
import io.faas.core.PythonExecutor;
import io.faas.core.PythonPoolStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Health of faas: UP when Kafka and MongoDB answer, the dispatcher runs (if it is meant to) and
 * every executor is running. Details: {@code kafka}, {@code mongo}, {@code dispatcher}
 * (running, in-flight events, consumer lag, rebalance re-executions, records waiting for the
 * ledger) and {@code executors} (with the worker pool's
 * figures for Python executors). The two server checks run in
 * parallel and each is given at most {@code timeout}. Thread-safe.
 *
 * @since 0.1
 */
public class FaasHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    private final FaasClient client;
    private final boolean dispatcherExpected;
    private final Duration timeout;
    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faas-health");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param dispatcherExpected whether a stopped dispatcher makes faas DOWN (it does when it is
     *                           meant to start with the application)
     */
    public FaasHealthIndicator(FaasClient client, boolean dispatcherExpected, Duration timeout) {
        super("faas health check failed");
        this.client = client;
        this.dispatcherExpected = dispatcherExpected;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        CompletableFuture<String> kafka = CompletableFuture.supplyAsync(() -> check(client::checkKafka), checks);
        CompletableFuture<String> mongo = CompletableFuture.supplyAsync(() -> check(client::checkMongo), checks);
        String kafkaError = await(kafka);
        String mongoError = await(mongo);
        boolean up = kafkaError == null && mongoError == null;
        builder.withDetail("kafka", kafkaError == null ? "UP" : "DOWN: " + kafkaError);
        builder.withDetail("mongo", mongoError == null ? "UP" : "DOWN: " + mongoError);

        boolean running = client.dispatcher().isRunning();
        Map<String, Object> dispatcher = new LinkedHashMap<>();
        dispatcher.put("running", running);
        dispatcher.put("inFlight", client.inFlight());
        dispatcher.put("consumerLag", PartitionLag.total(client.consumerLag()));
        dispatcher.put("rebalanceReexecutions", client.rebalanceReexecutions());
        dispatcher.put("ledgerBacklog", client.ledgerBacklog());
        builder.withDetail("dispatcher", dispatcher);
        up &= running || !dispatcherExpected;

        Map<String, Object> executors = new LinkedHashMap<>();
        for (FunctionExecutor e : client.executors()) {
            String state = e.isRunning() ? "UP" : "DOWN";
            if (e instanceof PythonExecutor python) {
                PythonPoolStats stats = python.stats();
                Map<String, Object> pool = new LinkedHashMap<>();
                pool.put("status", state);
                pool.put("poolSize", python.settings().poolSize());
                pool.put("liveWorkers", stats.liveWorkers());
                pool.put("idleWorkers", stats.idleWorkers());
                pool.put("busyWorkers", stats.busyWorkers());
                pool.put("crashes", stats.crashes());
                executors.put(e.name(), pool);
            } else {
                executors.put(e.name(), state);
            }
            up &= e.isRunning();
        }
        builder.withDetail("executors", executors);
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }

    private static String check(Runnable check) {
        try {
            check.run();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    private String await(CompletableFuture<String> check) {
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            check.cancel(true);
            return "no answer within " + timeout;
        } catch (ExecutionException e) {
            return e.getCause().getMessage() == null ? "the check failed" : e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
