package io.faas.core.internal.dispatch;

import io.faas.api.Attempt;
import io.faas.api.Event;
import io.faas.api.FaasException;
import io.faas.api.FunctionVersion;
import io.faas.api.Invocation;
import io.faas.api.InvocationError;
import io.faas.api.InvocationStatus;
import io.faas.api.Ordering;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.DispatcherSettings;
import io.faas.core.internal.json.Json;
import io.faas.core.internal.kafka.Tracing;
import io.opentelemetry.api.trace.Span;
import io.faas.logging.internal.QuietLogs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs an event through its functions: fans it out to one run per function, orders the runs per
 * function by key or partition ({@link Lanes}), calls the executor, retries with the function's
 * backoff, sends the outcome to the function's destination ({@link io.faas.api.Destinations}) and
 * waits for its acknowledgement, dead-letters what failed every attempt and hands the final record
 * to the ledger writer. An event more than {@code maxHops} down a chain of destinations runs
 * nothing: it gets FAILED records ({@code ChainTooDeep}). It knows nothing of Kafka offsets: what
 * it was given it reports back through the {@link EventCompletion}.
 *
 * <p>Threads: function code runs on {@code concurrency} worker threads ({@code faas-worker-N});
 * retries wait on {@code faas-retry} without holding a worker or the lane of another key; a record
 * whose destination acknowledged is handed on by {@code faas-destinations}.
 * {@link #submit} may be called from any thread. Work that is fenced off, or still queued when
 * the pipeline stops, starts no new attempt and is not recorded: its event is redelivered.
 */
public final class InvocationPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InvocationPipeline.class);

    /** Where a run's final record goes; {@code durable} runs once it is stored. */
    @FunctionalInterface
    public interface RecordSink {
        void store(Invocation invocation, Runnable durable);
    }

    private final DispatcherSettings settings;
    private final ExecutorRouter router;
    private final DeadLetterPublisher deadLetters;
    private final DestinationPublisher destinations;
    private final InFlightTracker tracker;
    private final Function<String, Ordering> orderingOfTopic;
    private final RecordSink eventSink;
    private final Tracing tracing;

    private volatile boolean stopping;
    private ExecutorService workers;
    private ScheduledExecutorService retries;
    /** Stores the records of runs whose destination acknowledged: never on the producer's own thread. */
    private ExecutorService afterDestinations;
    private Lanes lanes;
    private FunctionSlots slots;
    private Batches batches;

    /**
     * @param ledger          where final records go, {@code LedgerWriter::write} (batched inserts)
     * @param orderingOfTopic the ordering of a topic's events, for the lanes
     */
    public InvocationPipeline(DispatcherSettings settings, ExecutorRouter router, RecordSink ledger,
                              DeadLetterPublisher deadLetters, InFlightTracker tracker,
                              Function<String, Ordering> orderingOfTopic) {
        this(settings, router, ledger, deadLetters, NO_DESTINATIONS, tracker, orderingOfTopic, Tracing.none());
    }

    /**
     * @param destinations where functions' outcomes go, for functions that have destinations
     * @param tracing      spans of each invocation and attempt; the function sees its attempt's
     *                     context in its event's {@code traceparent} header
     */
    public InvocationPipeline(DispatcherSettings settings, ExecutorRouter router, RecordSink ledger,
                              DeadLetterPublisher deadLetters, DestinationPublisher destinations,
                              InFlightTracker tracker, Function<String, Ordering> orderingOfTopic, Tracing tracing) {
        this.tracing = tracing;
        this.destinations = destinations;
        this.settings = settings;
        this.router = router;
        this.deadLetters = deadLetters;
        this.tracker = tracker;
        this.orderingOfTopic = orderingOfTopic;
        this.eventSink = (invocation, durable) -> {
            if (invocation.status() == InvocationStatus.SUCCEEDED) {
                ledger.store(invocation, durable);
            } else {
                deadLetters.publish(invocation, () -> ledger.store(invocation, durable));
            }
        };
    }

    /** For pipelines whose functions have no destinations: a send is a programming error. */
    private static final DestinationPublisher NO_DESTINATIONS = (topic, invocation, event, span, then) -> {
        throw new IllegalStateException("this pipeline sends to no destination");
    };

    /** Starts the worker and retry threads. */
    public void start() {
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "faas-worker-" + n.incrementAndGet()));
        retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "faas-retry"));
        afterDestinations = Executors.newSingleThreadExecutor(r -> daemon(r, "faas-destinations"));
        lanes = new Lanes(workers);
        slots = new FunctionSlots(workers);
        batches = new Batches();
    }

    private static Thread daemon(Runnable r, String name) {
        // Started from the quiet poll thread, but it runs user code, whose own clients log as configured.
        Thread t = new Thread(QuietLogs.loudly(r), name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Runs the event through each function; its final records go to the ledger (failures to the
     * dead-letter topic first) and {@code completion} hears of each once it is durable.
     */
    public void submit(Event event, List<FunctionVersion> functions, EventCompletion completion) {
        submit(event, functions, completion, eventSink);
    }

    /**
     * Like {@link #submit(Event, List, EventCompletion)}, but each final record goes to
     * {@code sink} instead of the ledger writer and the dead-letter topic (a redrive).
     */
    public void submit(Event event, List<FunctionVersion> functions, EventCompletion completion, RecordSink sink) {
        submit(event, functions, completion, sink, true);
    }

    /**
     * Like {@link #submit(Event, List, EventCompletion, RecordSink)}; without {@code toDestinations}
     * no outcome goes to a function's destinations (a replay).
     */
    public void submit(Event event, List<FunctionVersion> functions, EventCompletion completion, RecordSink sink,
                       boolean toDestinations) {
        submit(event, functions, completion, sink, toDestinations, false);
    }

    /**
     * Runs the event through shadow versions ({@link io.faas.api.Alias#shadowVersion()}): each final
     * record goes to {@code sink}, never to the dead-letter topic or a destination, and the runs
     * keep lanes and batches of their own, so a shadow never waits for its primary or delays it.
     */
    public void submitShadows(Event event, List<FunctionVersion> functions, EventCompletion completion,
                              RecordSink sink) {
        submit(event, functions, completion, sink, false, true);
    }

    private void submit(Event event, List<FunctionVersion> functions, EventCompletion completion, RecordSink sink,
                        boolean toDestinations, boolean shadow) {
        Instant queuedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Ordering ordering = orderingOfTopic.apply(event.topic());
        PayloadCheck check = new PayloadCheck(event.payload());
        for (FunctionVersion fv : functions) {
            if (fv.spec().batching().enabled()) {
                // a batch function's order is kept by its batches, one at a time per partition
                batches.add(new Run(fv, event, check, completion, sink, queuedAt, null, toDestinations, shadow),
                        ordering);
            } else {
                Run run = new Run(fv, event, check, completion, sink, queuedAt, laneOf(ordering, fv, event, shadow),
                        toDestinations, shadow);
                lanes.submit(run.lane, run);
            }
        }
    }

    /**
     * Whether an event's payload is JSON the pipeline accepts: checked once per event, by the
     * first of its runs to start, so on a worker thread rather than the thread that polls.
     */
    private static final class PayloadCheck {
        private final String payload;
        /** Null until checked; racing runs compute the same answer. */
        private volatile Optional<String> problem;

        PayloadCheck(String payload) {
            this.payload = payload;
        }

        Optional<String> problem() {
            Optional<String> p = problem;
            if (p == null) {
                p = payload.isEmpty() ? Optional.of("the record has no value") : Json.problem(payload);
                problem = p;
            }
            return p;
        }
    }

    /** From now on no new attempt starts; running attempts finish and their records are stored. */
    public void stopAccepting() {
        stopping = true;
    }

    /** Stops the worker and retry threads, interrupting what still runs. */
    @Override
    public void close() {
        stopping = true;
        if (workers == null) {
            return;
        }
        workers.shutdownNow();
        retries.shutdownNow();
        afterDestinations.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Lane(Ordering ordering, String function, boolean shadow, String topic, int partition, String key) {
    }

    private static Object laneOf(Ordering ordering, FunctionVersion fv, Event event, boolean shadow) {
        return switch (ordering) {
            case KEY -> event.key() == null ? null
                    : new Lane(ordering, fv.name(), shadow, event.topic(), event.partition(), event.key());
            case PARTITION -> new Lane(ordering, fv.name(), shadow, event.topic(), event.partition(), null);
            case NONE -> null;
        };
    }

    private enum Outcome {
        /** The final record is on its way to the sink, which ends the invocation when it is durable. */
        RECORDING,
        /** Another attempt is scheduled. */
        RETRYING,
        /** Gave up without a record. */
        ABANDONED
    }

    /**
     * One function's invocation for one event, across its attempts. Over its function's
     * {@code maxConcurrency} it parks in {@link FunctionSlots} (no worker thread held, its lane
     * kept so its key's later events stay behind it) until a slot is handed to it.
     */
    private final class Run implements Runnable, FunctionSlots.Waiter {
        private final FunctionVersion function;
        private final Event event;
        private final PayloadCheck check;
        private final EventCompletion completion;
        private final RecordSink sink;
        private final Instant queuedAt;
        private final Object lane;
        private final List<Attempt> history = new ArrayList<>(1);
        private final Span span;
        /** Where the event stands in its chain of destinations. */
        private final int hops;
        private int attempts;
        /** Whether it holds one of its function's {@code maxConcurrency} slots (only while it runs). */
        private boolean slotted;
        /** Whether its outcome goes to the function's destinations. */
        private final boolean toDestinations;
        /** The batch call of the latest attempt, for a batch function. */
        private String batchId;
        /** Whether it is a shadow version's run, in lanes and batches of its own. */
        private final boolean shadow;

        Run(FunctionVersion function, Event event, PayloadCheck check, EventCompletion completion, RecordSink sink,
            Instant queuedAt, Object lane, boolean toDestinations, boolean shadow) {
            this.toDestinations = toDestinations;
            this.shadow = shadow;
            this.function = function;
            this.event = event;
            this.check = check;
            this.completion = completion;
            this.sink = sink;
            this.queuedAt = queuedAt;
            this.lane = lane;
            this.attempts = completion.attemptsSpent();
            this.hops = Chains.hopsOf(event);
            this.span = tracing.startInvocation(function, event);
        }

        @Override
        public void run() {
            if (stopping || completion.fenced()) {
                releaseSlot();
                abandon();
                return;
            }
            int limit = function.spec().maxConcurrency();
            if (!slotted && limit > 0) {
                if (!slots.tryAcquire(function.name(), limit, this)) {
                    return; // parked: resume() runs it once a slot is free
                }
                slotted = true;
            }
            try {
                runHoldingSlot();
            } finally {
                releaseSlot();
            }
        }

        @Override
        public void resume() {
            slotted = true;
            run();
        }

        private void releaseSlot() {
            if (slotted) {
                slotted = false;
                slots.release(function.name());
            }
        }

        private void runHoldingSlot() {
            tracker.invocationStarted();
            Outcome outcome = Outcome.ABANDONED;
            try {
                outcome = withoutAttempt();
                if (outcome == null) {
                    outcome = attempt();
                }
            } finally {
                if (outcome != Outcome.RECORDING) {
                    tracker.invocationEnded();
                }
                if (outcome == Outcome.ABANDONED) {
                    abandon();
                }
            }
        }

        /**
         * Records the run without a new attempt when it may not have one (its payload is not JSON,
         * its chain is too deep, earlier deliveries spent every attempt) and returns RECORDING;
         * {@code null} when an attempt may start.
         */
        private Outcome withoutAttempt() {
            Optional<String> invalid = check.problem();
            return invalid.isPresent() ? refuse(invalid.get())
                    : hops > settings.maxHops() ? endChain()
                    : history.isEmpty() && attempts >= function.spec().maxAttempts() ? giveUp()
                    : null;
        }

        /** Not recorded, so not committed, so redelivered; the lane goes on to the next run. */
        private void abandon() {
            span.setAttribute(Tracing.STATUS, "ABANDONED");
            span.end();
            try {
                lanes.release(lane);
            } catch (RejectedExecutionException e) {
                // stopping: the lane's later runs are abandoned too
            }
            completion.abandoned();
        }

        /** Records the run as failed without an attempt: no function sees a payload that is not JSON. */
        private Outcome refuse(String problem) {
            lanes.release(lane);
            finish(InvocationStatus.FAILED, null, InvocationError.of("InvalidEventPayload",
                    "event payload is not valid JSON: " + problem), null);
            return Outcome.RECORDING;
        }

        /**
         * Records the run as failed without an attempt and sends nothing to a destination: the
         * event is too many hops down its chain, which ends here.
         */
        private Outcome endChain() {
            lanes.release(lane);
            finish(InvocationStatus.FAILED, null, InvocationError.of("ChainTooDeep", "the event is " + hops
                    + " hops from the event that started its chain (" + Chains.rootOf(event) + "), more than"
                    + " faas.dispatcher.max-hops (" + settings.maxHops() + "); a loop of destinations?"), null);
            return Outcome.RECORDING;
        }

        /**
         * Records the run as failed without a new attempt: earlier deliveries of the event spent
         * every attempt and left no record (each time, the instance running it went away).
         */
        private Outcome giveUp() {
            lanes.release(lane);
            finish(InvocationStatus.FAILED, null, InvocationError.of("DeliveryLimitReached", "the event was delivered "
                    + attempts + " times without a final record; no attempt is left of "
                    + function.spec().maxAttempts()), null);
            return Outcome.RECORDING;
        }

        /** Runs one attempt. */
        private Outcome attempt() {
            attempts++;
            Span attemptSpan = tracing.startAttempt(span, function, attempts);
            ExecutionResult result = attempt(attemptSpan);
            if (result == null) {
                attemptSpan.setAttribute(Tracing.STATUS, "ABANDONED");
                attemptSpan.end();
                return Outcome.ABANDONED;
            }
            Tracing.end(attemptSpan, result.status(), result.error() == null ? null : result.error().type());
            return afterAttempt(result);
        }

        /** Runs the attempt and returns its result, or {@code null} when the pipeline is closing. */
        private ExecutionResult attempt(Span attemptSpan) {
            ExecutionResult result;
            Optional<FunctionExecutor> executor = router.route(function, event.topic());
            Instant started = Instant.now();
            if (executor.isEmpty()) {
                result = ExecutionResult.failed(InvocationError.of("ExecutorNotFound", "no executor named '"
                                + router.nameFor(function, event.topic()) + "' can run " + function.spec().runtime()
                                + " function '" + function.name() + "'"), "", false, false, started, Instant.now());
            } else {
                try {
                    // The payload passed the check before the first attempt: executors need not read it again.
                    // The function sees its attempt's trace context: what it publishes with these headers continues the trace.
                    Event traced = new Event(event.id(), event.topic(), event.partition(), event.offset(), event.key(),
                            event.payload(), Tracing.withContext(event.headers(), attemptSpan), event.timestamp());
                    ExecutionRequest request = new ExecutionRequest(function, traced, attempts,
                            function.spec().timeout(), settings.logLimitBytes());
                    result = Json.checked(event.payload(), () -> executor.get().execute(request));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null; // closing: redelivered later
                } catch (FaasException e) {
                    if (stopping) {
                        return null;
                    }
                    result = ExecutionResult.failed(InvocationError.of("ExecutorUnavailable", e.getMessage()), "",
                            false, false, started, Instant.now());
                } catch (RuntimeException e) {
                    if (stopping) {
                        return null;
                    }
                    log.error("executor {} failed on function {}", router.nameFor(function, event.topic()),
                            function.name(), e);
                    result = ExecutionResult.failed(InvocationError.of("ExecutorError", e.toString()), "",
                            false, false, started, Instant.now());
                }
            }
            return stopping ? null : result;
        }

        /** Adds the attempt's outcome to the history; whether another attempt is due. */
        private boolean recordAttempt(ExecutionResult result) {
            history.add(new Attempt(attempts, 0, result.status(), result.error(), result.logs(), result.logsTruncated(),
                    result.startedAt().truncatedTo(ChronoUnit.MILLIS), result.finishedAt().truncatedTo(ChronoUnit.MILLIS),
                    router.nameFor(function, event.topic())));
            return result.status() != InvocationStatus.SUCCEEDED && attempts < function.spec().maxAttempts();
        }

        private Outcome afterAttempt(ExecutionResult result) {
            if (recordAttempt(result)) {
                long delay = function.spec().backoff().delayAfter(attempts).toMillis();
                try {
                    retries.schedule(() -> workers.execute(this), delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    return Outcome.ABANDONED; // closing: redelivered later
                }
                return Outcome.RETRYING;
            }
            lanes.release(lane);
            finish(result.status(), result.result(), result.error(), result);
            return Outcome.RECORDING;
        }

        void finish(InvocationStatus status, String resultJson, InvocationError error, ExecutionResult result) {
            Invocation invocation = new Invocation(
                    Invocation.idOf(event.topic(), event.partition(), event.offset(), function.name()),
                    function.name(), function.version(), event.topic(), event.partition(), event.offset(), event.id(),
                    event.key(), event.payload(), status, resultJson, error,
                    result == null ? "" : result.logs(), result != null && result.logsTruncated(), attempts,
                    result != null && result.coldStart(), queuedAt,
                    history.isEmpty() ? null : history.get(0).startedAt(), // the duration covers every attempt and backoff
                    (result == null ? Instant.now() : result.finishedAt()).truncatedTo(ChronoUnit.MILLIS),
                    result == null ? "" : router.nameFor(function, event.topic()), history, List.of(),
                    Chains.rootOf(event), hops, null, batchId);
            Tracing.end(span, status, error == null ? null : error.type());
            Runnable durable = () -> {
                tracker.invocationEnded();
                completion.recorded();
            };
            String destination = !toDestinations || hops > settings.maxHops() ? null
                    : function.spec().destinations().topicFor(status);
            if (destination == null) {
                sink.store(invocation, durable);
            } else {
                // The record is stored, and the event done, only once the destination has the outcome.
                // Not on the producer's thread, which the callback runs on: a dead-letter send from
                // there would wait for metadata that only that thread can fetch.
                destinations.send(destination, invocation, event, span, delivery -> {
                    try {
                        afterDestinations.execute(() -> sink.store(invocation.withDestination(delivery), durable));
                    } catch (RejectedExecutionException e) {
                        tracker.invocationEnded(); // closed: not recorded, so redelivered and sent again
                        completion.abandoned();
                    }
                });
            }
        }
    }

    /**
     * The runs of batch functions ({@link io.faas.api.Batching}), grouped: per function and
     * partition for ordered topics, where a group runs one batch at a time and a batch's failed
     * events are retried before any later event of the partition; per function for topics of
     * ordering NONE, where batches run side by side (at most the function's {@code maxConcurrency},
     * else {@code concurrency}). A group starts a batch when {@code size} runs wait, or
     * {@code window} after its first waiting run (at once for a window of 0). Thread-safe: groups
     * are guarded by the monitor of this object.
     */
    private final class Batches {

        /** A group: one version's runs (a canary's two versions batch apart), shadows apart from the rest. */
        private record Key(String function, int version, boolean shadow, String topic, int partition) {
        }

        private final class Group {
            final Key key;
            final boolean ordered;
            final ArrayDeque<Run> waiting = new ArrayDeque<>();
            int inFlight;
            ScheduledFuture<?> timer;

            Group(Key key, boolean ordered) {
                this.key = key;
                this.ordered = ordered;
            }
        }

        private final Map<Key, Group> groups = new HashMap<>();

        void add(Run run, Ordering ordering) {
            boolean ordered = ordering != Ordering.NONE;
            Key key = ordered ? new Key(run.function.name(), run.function.version(), run.shadow, run.event.topic(),
                    run.event.partition())
                    : new Key(run.function.name(), run.function.version(), run.shadow, null, -1);
            synchronized (this) {
                Group group = groups.computeIfAbsent(key, k -> new Group(k, ordered));
                group.waiting.add(run);
                startWhatIsDue(group, false);
            }
        }

        /** Holds the monitor. */
        private void startWhatIsDue(Group group, boolean windowEnded) {
            while (!group.waiting.isEmpty() && group.inFlight < mostInFlight(group)) {
                Run head = group.waiting.peekFirst();
                io.faas.api.Batching batching = head.function.spec().batching();
                if (group.waiting.size() < batching.size() && !windowEnded && !batching.window().isZero()) {
                    if (group.timer == null) {
                        try {
                            group.timer = retries.schedule(() -> windowEnded(group), batching.window().toMillis(),
                                    TimeUnit.MILLISECONDS);
                        } catch (RejectedExecutionException e) {
                            return; // closing: what waits is not recorded, so it is redelivered
                        }
                    }
                    return;
                }
                List<Run> batch = new ArrayList<>(Math.min(batching.size(), group.waiting.size()));
                // one call runs one version: a batch ends where an update's new version begins
                while (batch.size() < batching.size() && !group.waiting.isEmpty()
                        && group.waiting.peekFirst().function.version() == head.function.version()) {
                    batch.add(group.waiting.pollFirst());
                }
                if (group.timer != null) {
                    group.timer.cancel(false);
                    group.timer = null;
                }
                group.inFlight++;
                windowEnded = false; // what is left waits for its own window
                try {
                    workers.execute(() -> call(group, batch));
                } catch (RejectedExecutionException e) {
                    return; // closing
                }
            }
            if (group.waiting.isEmpty() && group.inFlight == 0) {
                groups.remove(group.key);
            }
        }

        private int mostInFlight(Group group) {
            if (group.ordered) {
                return 1;
            }
            int limit = group.waiting.isEmpty() ? 0 : group.waiting.peekFirst().function.spec().maxConcurrency();
            return limit > 0 ? limit : settings.concurrency();
        }

        private void windowEnded(Group group) {
            synchronized (this) {
                group.timer = null;
                startWhatIsDue(group, true);
            }
        }

        /** The batch ended (recorded, or back in the group to be retried first): the group goes on. */
        private void ended(Group group, List<Run> retryFirst) {
            synchronized (this) {
                for (int i = retryFirst.size() - 1; i >= 0; i--) {
                    group.waiting.addFirst(retryFirst.get(i));
                }
                group.inFlight--;
                startWhatIsDue(group, !retryFirst.isEmpty());
            }
        }

        /** Runs one batch on a worker thread. */
        private void call(Group group, List<Run> batch) {
            List<Run> due = new ArrayList<>(batch.size());
            for (Run run : batch) {
                if (stopping || run.completion.fenced()) {
                    run.abandon();
                    continue;
                }
                tracker.invocationStarted();
                Outcome outcome = run.withoutAttempt();
                if (outcome == null) {
                    due.add(run);
                }
            }
            if (due.isEmpty()) {
                ended(group, List.of());
                return;
            }
            FunctionVersion function = due.get(0).function;
            String batchId = UUID.randomUUID().toString();
            List<Event> events = new ArrayList<>(due.size());
            List<Span> spans = new ArrayList<>(due.size());
            int attempt = 0;
            for (Run run : due) {
                run.attempts++;
                run.batchId = batchId;
                attempt = Math.max(attempt, run.attempts);
                events.add(run.event);
                spans.add(tracing.startAttempt(run.span, function, run.attempts));
            }
            ExecutionResult result = execute(function, batchId, events, attempt);
            if (result == null) { // closing: redelivered later
                for (int i = 0; i < due.size(); i++) {
                    spans.get(i).setAttribute(Tracing.STATUS, "ABANDONED");
                    spans.get(i).end();
                    tracker.invocationEnded();
                    due.get(i).abandon();
                }
                ended(group, List.of());
                return;
            }
            List<ExecutionResult> outcomes = split(function, result, due.size());
            List<Run> retry = new ArrayList<>();
            long delay = 0;
            for (int i = 0; i < due.size(); i++) {
                Run run = due.get(i);
                ExecutionResult outcome = outcomes.get(i);
                Tracing.end(spans.get(i), outcome.status(), outcome.error() == null ? null : outcome.error().type());
                if (run.recordAttempt(outcome)) {
                    tracker.invocationEnded();
                    retry.add(run);
                    delay = Math.max(delay, function.spec().backoff().delayAfter(run.attempts).toMillis());
                } else {
                    run.finish(outcome.status(), outcome.result(), outcome.error(), outcome);
                }
            }
            if (retry.isEmpty()) {
                ended(group, List.of());
                return;
            }
            try {
                // the group waits: nothing after the failed events starts before they are retried
                retries.schedule(() -> ended(group, retry), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                retry.forEach(Run::abandon); // closing: redelivered later
            }
        }

        /** Calls the executor once for the batch; {@code null} when the pipeline is closing. */
        private ExecutionResult execute(FunctionVersion function, String batchId, List<Event> events, int attempt) {
            String topic = events.get(0).topic();
            Optional<FunctionExecutor> executor = router.route(function, topic);
            Instant started = Instant.now();
            if (executor.isEmpty()) {
                return ExecutionResult.failed(InvocationError.of("ExecutorNotFound", "no executor named '"
                        + router.nameFor(function, topic) + "' can run " + function.spec().runtime() + " function '"
                        + function.name() + "'"), "", false, false, started, Instant.now());
            }
            ExecutionResult result;
            try {
                ExecutionRequest request = ExecutionRequest.batch(function, batchId, events, attempt,
                        function.spec().timeout(), settings.logLimitBytes());
                // every event's payload passed its check: executors need not read the list again
                result = Json.checked(request.event().payload(), () -> executor.get().execute(request));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (FaasException e) {
                result = ExecutionResult.failed(InvocationError.of("ExecutorUnavailable", e.getMessage()), "",
                        false, false, started, Instant.now());
            } catch (RuntimeException e) {
                log.error("executor {} failed on batch function {}", router.nameFor(function, topic), function.name(), e);
                result = ExecutionResult.failed(InvocationError.of("ExecutorError", e.toString()), "",
                        false, false, started, Instant.now());
            }
            return stopping ? null : result;
        }

        /**
         * Each event's outcome of one batch call: the call's failure for every event, or the
         * event's result, or its own failure when the handler failed it alone.
         */
        private List<ExecutionResult> split(FunctionVersion function, ExecutionResult call, int size) {
            List<ExecutionResult> outcomes = new ArrayList<>(size);
            if (call.status() != InvocationStatus.SUCCEEDED) {
                for (int i = 0; i < size; i++) {
                    outcomes.add(call);
                }
                return outcomes;
            }
            tools.jackson.databind.JsonNode results = Json.tree(call.result());
            if (!results.isArray() || results.size() != size) {
                ExecutionResult mismatch = ExecutionResult.failed(InvocationError.of("BatchResultMismatch",
                        "batch handler of function '" + function.name() + "' returned "
                                + (results.isArray() ? "a list of " + results.size() : "a " + results.getNodeType()
                                .toString().toLowerCase(java.util.Locale.ROOT)) + "; it must return a list of "
                                + size + " results, one per event, in the order of the events"),
                        call.logs(), call.logsTruncated(), call.coldStart(), call.startedAt(), call.finishedAt());
                for (int i = 0; i < size; i++) {
                    outcomes.add(mismatch);
                }
                return outcomes;
            }
            for (int i = 0; i < size; i++) {
                InvocationError failed = call.itemErrors().get(i);
                outcomes.add(failed != null
                        ? ExecutionResult.failed(failed, call.logs(), call.logsTruncated(), call.coldStart(),
                                call.startedAt(), call.finishedAt())
                        : ExecutionResult.succeeded(Json.encode(results.get(i)), call.logs(), call.logsTruncated(),
                                call.coldStart(), call.startedAt(), call.finishedAt()));
            }
            return outcomes;
        }
    }
}
