package io.faas.testkit.internal;

import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;
import io.faas.testkit.FaasTestServers;
import io.faas.testkit.internal.ServerResolution.Choice;
import io.faas.testkit.internal.ServerResolution.Plan;
import io.faas.testkit.internal.ServerResolution.Server;
import io.faas.testkit.internal.ServerResolution.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The servers behind {@link FaasTestServers}: resolved once, each started on first use, all
 * closed by {@link #close()}. Thread-safe.
 */
public final class SharedServers implements FaasTestServers, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedServers.class);

    private final Plan plan;
    private final UniqueNames names = new UniqueNames();

    private final Object lock = new Object();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<Server, String> addresses = new EnumMap<>(Server.class);
    // A server that failed to start is not tried again for every test that asks.
    private final Map<Server, RuntimeException> failures = new EnumMap<>(Server.class);
    private boolean closed;

    /** Resolves from the real environment, Testcontainers' presence and Docker. */
    public static SharedServers fromEnvironment() {
        return new SharedServers(System.getenv(), Containers.modulesPresent(), Containers::dockerAvailable);
    }

    public SharedServers(Map<String, String> env, Set<Server> containerModules, BooleanSupplier dockerAvailable) {
        this.plan = ServerResolution.resolve(env, containerModules, dockerAvailable);
        log.debug("faas test servers: Kafka from {}, MongoDB from {}", plan.kafka().source(), plan.mongo().source());
    }

    /** Where each server comes from. */
    public Plan plan() {
        return plan;
    }

    @Override
    public String kafkaBootstrapServers() {
        return address(Server.KAFKA);
    }

    @Override
    public String mongoUri() {
        return address(Server.MONGO);
    }

    private String address(Server server) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the faas test servers are closed: the test run has ended");
            }
            String address = addresses.get(server);
            if (address != null) {
                return address;
            }
            RuntimeException failure = failures.get(server);
            if (failure != null) {
                throw new IllegalStateException("the " + server + " test server failed to start earlier", failure);
            }
            try {
                address = start(server);
            } catch (RuntimeException e) {
                failures.put(server, e);
                throw e instanceof IllegalStateException ? e
                        : new IllegalStateException("the " + server + " test server did not start", e);
            }
            addresses.put(server, address);
            return address;
        }
    }

    @Override
    public String uniqueName(String prefix) {
        return names.next(prefix);
    }

    private String start(Server server) {
        Choice choice = plan.choice(server);
        if (choice.source() == Source.ENVIRONMENT) {
            return choice.value();
        }
        if (choice.source() == Source.TESTCONTAINERS) {
            try {
                Containers.Started container = Containers.start(server, choice.value());
                started.push(container.container());
                return container.address();
            } catch (IllegalStateException e) {
                log.warn("{}; using the embedded server instead", e.getMessage(), e);
            }
        }
        if (server == Server.KAFKA) {
            EmbeddedKafka embedded = EmbeddedKafka.builder().build().start();
            started.push(embedded);
            return embedded.bootstrapServers();
        }
        EmbeddedMongo embedded = EmbeddedMongo.builder().build().start();
        started.push(embedded);
        return embedded.connectionString();
    }

    /** Stops whatever was started, last first. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            while (!started.isEmpty()) {
                AutoCloseable server = started.pop();
                try {
                    server.close();
                } catch (Exception e) {
                    log.warn("could not stop {}", server, e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "FaasTestServers[kafka from " + plan.kafka().source() + ", mongo from " + plan.mongo().source() + "]";
    }
}
