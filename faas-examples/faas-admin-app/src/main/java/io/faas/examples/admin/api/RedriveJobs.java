package io.faas.examples.admin.api;

import io.faas.api.FaasException;
import io.faas.api.FunctionNotFoundException;
import io.faas.api.Invocation;
import io.faas.api.InvocationPage;
import io.faas.api.InvocationQuery;
import io.faas.api.InvocationStatus;
import io.faas.core.FaasClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Bulk redrive: every FAILED or TIMED_OUT record of a {@link Selection}, each through the single
 * redrive of {@code POST /api/invocations/{id}/redrive} ({@code faas.dispatcher().redrive(id)}),
 * one after the other on one thread of its own. Jobs live in this instance's memory: the newest
 * {@link #KEPT} are kept, and a restart forgets them (the records they redrove keep their redrive
 * history in the ledger).
 *
 * <p>Thread-safe. Spring closes it with the context.
 */
@Component
class RedriveJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedriveJobs.class);

    /** Most records one job redrives; a selection of more is refused. */
    static final int MAX_RECORDS = 10_000;
    /** Jobs remembered, finished or not. */
    static final int KEPT = 50;
    /** Jobs waiting for the thread at most. */
    static final int MAX_WAITING = 5;
    /** Failures a job lists (it counts them all). */
    static final int LISTED_FAILURES = 20;

    /** What to redrive: FAILED and TIMED_OUT records queued in [from, to), of one function and error type if given. */
    record Selection(String function, Instant from, Instant to, String errorType) {
    }

    /** A record the job could not redrive, and why. */
    record Failure(String invocationId, String detail) {
    }

    /** A job as it is now; {@code state} is QUEUED, RUNNING or DONE. */
    record Job(String id, String state, Selection selection, int total, int done, int redriven, int failed,
               List<Failure> failures, String requestedBy, Instant requestedAt, Instant finishedAt) {
    }

    /** How many records a selection holds, in all and by error type. */
    record Preview(int total, Map<String, Integer> byErrorType) {
    }

    private final FaasClient faas;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "faas-admin-redrive");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    RedriveJobs(FaasClient faas) {
        this.faas = faas;
    }

    /** The records of a selection, newest first; refused (400) when there are more than {@link #MAX_RECORDS}. */
    List<Invocation> select(Selection s) {
        List<Invocation> out = new ArrayList<>();
        for (InvocationStatus status : List.of(InvocationStatus.FAILED, InvocationStatus.TIMED_OUT)) {
            InvocationQuery q = InvocationQuery.builder().function(s.function()).status(status).from(s.from()).to(s.to())
                    .limit(InvocationQuery.MAX_LIMIT).build();
            while (true) {
                InvocationPage page = faas.invocations().query(q);
                for (Invocation i : page.items()) {
                    if (s.errorType() == null || i.error() != null && s.errorType().equals(i.error().type())) {
                        out.add(i);
                    }
                }
                if (out.size() > MAX_RECORDS) {
                    throw new IllegalArgumentException("the selection holds more than " + MAX_RECORDS
                            + " failed records: narrow the time range, or name a function or an error type");
                }
                if (page.nextCursor() == null) {
                    break;
                }
                q = q.toBuilder().cursor(page.nextCursor()).build();
            }
        }
        return out;
    }

    Preview preview(Selection s) {
        Map<String, Integer> byType = new LinkedHashMap<>();
        List<Invocation> records = select(s);
        for (Invocation i : records) {
            byType.merge(i.error() == null ? "" : i.error().type(), 1, Integer::sum);
        }
        return new Preview(records.size(), byType);
    }

    /** Starts a job over the selection as it is now. */
    Job start(Selection s, String who) {
        List<String> ids = select(s).stream().map(Invocation::id).toList();
        Job job = new Job(UUID.randomUUID().toString(), "QUEUED", s, ids.size(), 0, 0, 0, List.of(), who,
                Instant.now(), null);
        synchronized (this) {
            long waiting = jobs.values().stream().filter(j -> !j.state().equals("DONE")).count();
            if (waiting >= MAX_WAITING) {
                throw new TooManyJobsException(MAX_WAITING);
            }
            put(job);
            try {
                worker.execute(() -> run(job.id(), ids));
            } catch (RejectedExecutionException e) {
                jobs.remove(job.id());
                throw new IllegalStateException("the app is stopping", e);
            }
        }
        return job;
    }

    synchronized Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Every job kept, newest first. */
    synchronized List<Job> list() {
        List<Job> all = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(all);
        return all;
    }

    private void run(String id, List<String> ids) {
        update(id, j -> new Job(j.id(), "RUNNING", j.selection(), j.total(), 0, 0, 0, List.of(), j.requestedBy(),
                j.requestedAt(), null));
        int redriven = 0;
        int failed = 0;
        List<Failure> failures = new ArrayList<>();
        for (int n = 0; n < ids.size(); n++) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            String invocation = ids.get(n);
            try {
                faas.dispatcher().redrive(invocation);
                redriven++;
            } catch (FunctionNotFoundException e) {
                failed++;
                note(failures, invocation, "its function '" + e.function() + "' was deleted");
            } catch (FaasException e) {
                failed++;
                note(failures, invocation, e.getMessage());
            } catch (RuntimeException e) {
                failed++;
                log.warn("bulk redrive {}: invocation {} failed unexpectedly", id, invocation, e);
                note(failures, invocation, "failed unexpectedly; the server log has the details");
            }
            int done = n + 1;
            int r = redriven;
            int f = failed;
            List<Failure> listed = List.copyOf(failures);
            update(id, j -> new Job(j.id(), "RUNNING", j.selection(), j.total(), done, r, f, listed, j.requestedBy(),
                    j.requestedAt(), null));
        }
        update(id, j -> new Job(j.id(), "DONE", j.selection(), j.total(), j.done(), j.redriven(), j.failed(),
                j.failures(), j.requestedBy(), j.requestedAt(), Instant.now()));
    }

    private static void note(List<Failure> failures, String invocation, String detail) {
        if (failures.size() < LISTED_FAILURES) {
            failures.add(new Failure(invocation, detail));
        }
    }

    private synchronized void update(String id, java.util.function.UnaryOperator<Job> change) {
        Job job = jobs.get(id);
        if (job != null) {
            jobs.put(id, change.apply(job));
        }
    }

    private void put(Job job) {
        jobs.put(job.id(), job);
        var it = jobs.entrySet().iterator();
        while (jobs.size() > KEPT && it.hasNext()) {
            if (it.next().getValue().state().equals("DONE")) {
                it.remove();
            }
        }
    }

    /** Stops the job running (it ends after its current record) and drops those queued; idempotent, at most 5 s. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** More jobs wait than {@link #MAX_WAITING}. */
    static final class TooManyJobsException extends RuntimeException {
        TooManyJobsException(int max) {
            super(max + " bulk redrives are queued or running already: wait for one to finish", null, false, false);
        }
    }
}
