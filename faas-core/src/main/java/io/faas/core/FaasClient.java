package io.faas.core;

import io.faas.api.Faas;
import io.faas.api.Invocation;
import io.faas.api.spi.FunctionExecutor;

import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Faas} backed by Kafka and MongoDB, with what operations need on top: health checks,
 * executor and dispatcher figures, and a hook on every stored invocation (for metrics).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public interface FaasClient extends Faas {

    /**
     * Checks that the Kafka cluster answers.
     *
     * @throws io.faas.api.ServiceUnavailableException if it does not within the request timeout
     */
    void checkKafka();

    /**
     * Checks that MongoDB answers.
     *
     * @throws io.faas.api.ServiceUnavailableException if it does not within the request timeout
     */
    void checkMongo();

    /** The validator that checks Python sources at register and update, empty when validation is off. */
    java.util.Optional<io.faas.api.CodeValidator> validator();

    /** The executors functions can run on, by name. */
    List<FunctionExecutor> executors();

    /**
     * Calls {@code listener} with every invocation record this instance stores, on the ledger
     * writer's thread, right after it is durable. Keep it quick; exceptions are logged and ignored.
     */
    void addInvocationListener(Consumer<Invocation> listener);

    /**
     * The dispatchers' real backlog, per partition of the registered topics (ordered by topic and
     * partition) whoever owns it, also a dead instance's: records the consumer group has not
     * committed, so not read or not yet recorded by any instance. Asked of Kafka at most every
     * 2 s; the last figures stay while Kafka does not answer. {@link PartitionLag#total} adds them up.
     */
    List<PartitionLag> consumerLag();

    /** Events this instance's dispatcher has read but not yet fully recorded. */
    int inFlight();

    /**
     * Final records waiting for the ledger writer: a handful normally, a growing number while
     * MongoDB is unreachable (the writer retries with backoff and the dispatcher stops reading
     * once {@code maxInFlight} events wait).
     *
     * @since 0.2
     */
    default int ledgerBacklog() {
        return 0;
    }

    /**
     * Invocations that partitions revoked from this instance's dispatcher left unrecorded since it
     * started (work fenced at a rebalance or at close): their events' next owner runs them again.
     *
     * @since 0.2
     */
    long rebalanceReexecutions();

    /**
     * Events that content filters ({@link io.faas.api.Subscription#filter()}) kept from a function,
     * counted once per function they did not start, by this instance's dispatcher since it started.
     *
     * @since 0.2
     */
    default long filteredEvents() {
        return 0;
    }

    /**
     * Events that the function's content filters kept from it in {@code [from, to)}, over every
     * instance, by minute: each instance adds its counts to MongoDB every few seconds (this
     * instance's latest are included when the window reaches the present). At least once: an event read
     * again after a crash or rebalance may be counted again.
     *
     * @throws io.faas.api.ServiceUnavailableException if MongoDB does not answer
     * @since 0.2
     */
    default long filteredEvents(String function, java.time.Instant from, java.time.Instant to) {
        return 0;
    }

    /**
     * Replays of topics' retained events through a chosen function version, run on this instance.
     *
     * @since 0.2
     */
    default io.faas.api.Replays replays() {
        throw new UnsupportedOperationException("this client runs no replays");
    }

    /**
     * Aliases of Python functions' versions, with canary and shadow ({@link io.faas.api.Alias}).
     *
     * @since 0.2
     */
    default io.faas.api.Aliases aliases() {
        throw new UnsupportedOperationException("this client has no aliases");
    }

    /**
     * Outcomes that this instance's dispatcher could not send to a function's destination
     * ({@link io.faas.api.Destinations}) since it started, after the producer's own retries: each is
     * logged and kept on its record ({@link io.faas.api.Invocation#destination()}).
     *
     * @since 0.2
     */
    default long destinationFailures() {
        return 0;
    }
}
