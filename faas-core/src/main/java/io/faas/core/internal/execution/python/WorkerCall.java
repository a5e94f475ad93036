package io.faas.core.internal.execution.python;

import io.faas.api.FunctionVersion;
import io.faas.api.InvocationError;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One request on one worker, as both executors run it: send (with the source only when the
 * worker lacks it), wait until the request's timeout, and turn the reply, the silence or the
 * worker's death into an {@link ExecutionResult}. Stateless.
 */
public final class WorkerCall {

    /** How a call ended, for the executors' counters and for whether the worker may be reused. */
    public enum Ending {
        REPLIED, TIMED_OUT, CRASHED, BROKEN_PROTOCOL
    }

    public record Outcome(ExecutionResult result, Ending ending, boolean workerReusable) {
    }

    private static final long CRASH_WAIT_MILLIS = 2000;
    private static final long STDERR_WAIT_MILLIS = 1000;

    private WorkerCall() {
    }

    /**
     * Runs the request. On a timeout the worker and its children are killed before this returns;
     * on an interrupt they are killed and the interrupt is rethrown.
     *
     * @throws ServiceUnavailableException if the worker was stopped by its executor (closing)
     */
    public static Outcome run(PythonWorker worker, ExecutionRequest request, int logLimitBytes) throws InterruptedException {
        FunctionVersion function = request.function();
        String hash = function.sourceHash();
        Instant startedAt = Instant.now();
        long deadline = System.nanoTime() + request.timeout().toNanos();
        // A worker with a code directory reads code it lacks from there; the others are sent it.
        boolean withSource = !worker.codeByReference() && !worker.knows(hash);
        boolean cold = !worker.knows(hash);
        long id = worker.nextRequestId();
        worker.redactStderr(request.secrets());
        try {
            worker.send(PythonProtocol.invoke(id, request, withSource, worker.codeByReference(), logLimitBytes));
            while (true) {
                byte[] frame = worker.receive(deadline - System.nanoTime());
                if (frame == null) {
                    worker.kill();
                    worker.awaitExit(CRASH_WAIT_MILLIS);
                    return new Outcome(ExecutionResult.timedOut(new InvocationError("TimeoutError", "function '"
                            + function.name() + "' (version " + function.version() + ") did not finish within "
                            + request.timeout().toMillis() + " ms and was stopped", ""), "", false, cold,
                            startedAt, Instant.now()), Ending.TIMED_OUT, false);
                }
                PythonProtocol.Reply reply;
                try {
                    reply = PythonProtocol.parse(frame);
                } catch (RuntimeException e) {
                    return broken(worker, function, "unreadable reply: " + e.getMessage(), cold, startedAt);
                }
                if (reply.id() != id) {
                    return broken(worker, function, "reply to request " + reply.id() + " while waiting for " + id,
                            cold, startedAt);
                }
                if ("NEED_SOURCE".equals(reply.status()) && !withSource) {
                    // The worker dropped the module from its cache since this side last looked.
                    worker.noteLoaded(hash, false);
                    withSource = true;
                    cold = true;
                    worker.send(PythonProtocol.invoke(id, request, true, false, logLimitBytes));
                    continue;
                }
                return replied(worker, function, hash, reply, cold, startedAt);
            }
        } catch (IOException e) { // EOF, or a broken pipe on send: the worker is gone
            return crashed(worker, function, cold, startedAt);
        } catch (InterruptedException e) {
            worker.kill();
            throw e;
        }
    }

    private static Outcome replied(PythonWorker worker, FunctionVersion function, String hash,
                                   PythonProtocol.Reply reply, boolean withSource, Instant startedAt) {
        worker.noteLoaded(hash, reply.loaded());
        worker.countCall();
        Instant finishedAt = Instant.now();
        if ("SUCCEEDED".equals(reply.status()) && reply.resultJson() != null) {
            return new Outcome(ExecutionResult.succeeded(reply.resultJson(), reply.logs(), reply.truncated(),
                    reply.cold(), startedAt, finishedAt).withItemErrors(reply.itemErrors()), Ending.REPLIED, true);
        }
        if ("FAILED".equals(reply.status()) && reply.error() != null) {
            // After a MemoryError the interpreter may be left fragmented or half-initialised: start afresh.
            boolean reusable = !"MemoryError".equals(reply.error().type());
            return new Outcome(ExecutionResult.failed(reply.error(), reply.logs(), reply.truncated(), reply.cold(),
                    startedAt, finishedAt), Ending.REPLIED, reusable);
        }
        return broken(worker, function, "reply with status " + reply.status(), withSource, startedAt);
    }

    private static Outcome crashed(PythonWorker worker, FunctionVersion function, boolean withSource,
                                   Instant startedAt) {
        if (worker.stopRequested()) {
            throw new ServiceUnavailableException("the Python worker running function '" + function.name()
                    + "' was stopped because its executor is closing");
        }
        String protocolError = worker.protocolError();
        if (protocolError != null) {
            return broken(worker, function, protocolError, withSource, startedAt);
        }
        // Read the last stderr lines before kill(): Process.destroy closes the streams, and what
        // the worker wrote last (a faulthandler dump, say) would be lost.
        worker.awaitExit(CRASH_WAIT_MILLIS);
        worker.awaitStderr(STDERR_WAIT_MILLIS);
        String tail = worker.stderrTail();
        worker.kill(); // if it still lives, and whatever children it left
        String message = "the Python worker running function '" + function.name() + "' (version "
                + function.version() + ") ended during the call: " + worker.exitDescription()
                + (tail.isEmpty() ? "" : "; last stderr lines:\n" + lastLines(tail, 3));
        return new Outcome(ExecutionResult.failed(new InvocationError("WorkerCrashed", message, tail), "", false,
                withSource, startedAt, Instant.now()), Ending.CRASHED, false);
    }

    private static Outcome broken(PythonWorker worker, FunctionVersion function, String what, boolean withSource,
                                  Instant startedAt) {
        worker.kill();
        worker.awaitExit(CRASH_WAIT_MILLIS);
        return new Outcome(ExecutionResult.failed(new InvocationError("WorkerProtocolError", "the Python worker "
                + "running function '" + function.name() + "' broke the protocol: " + what, ""), "", false,
                withSource, startedAt, Instant.now()), Ending.BROKEN_PROTOCOL, false);
    }

    /** The last lines of the tail, without frames of the worker script, which say nothing to the function's author. */
    static String lastLines(String tail, int count) {
        List<String> lines = new ArrayList<>();
        for (String line : tail.split("\n")) {
            if (!line.contains(WorkerLauncher.SCRIPT_RESOURCE)) {
                lines.add(line);
            }
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
