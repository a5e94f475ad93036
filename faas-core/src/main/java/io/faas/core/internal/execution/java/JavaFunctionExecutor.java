package io.faas.core.internal.execution.java;

import io.faas.api.Event;
import io.faas.api.FunctionContext;
import io.faas.api.FunctionHandler;
import io.faas.api.FunctionLogger;
import io.faas.api.FunctionRuntime;
import io.faas.api.InvocationError;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.spi.ExecutionRequest;
import io.faas.api.spi.ExecutionResult;
import io.faas.api.spi.FunctionExecutor;
import io.faas.core.internal.execution.LogBuffer;
import io.faas.core.internal.execution.Watchdog;
import io.faas.core.internal.json.Json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Java {@link FunctionHandler}s registered in this process, on the calling thread (a
 * dispatcher worker): no hand-off to another thread per call. At the timeout the {@link Watchdog}
 * interrupts the handler; the call is then TIMED_OUT however the handler ends. Java code cannot
 * be stopped from outside, so a handler that ignores interrupts holds the calling thread until it
 * returns. Thread-safe.
 */
public final class JavaFunctionExecutor implements FunctionExecutor {

    public static final String NAME = "java";
    private static final int MAX_TRACE_CHARS = 16 * 1024;

    private final Map<String, FunctionHandler> handlers = new ConcurrentHashMap<>();
    private final Set<String> warm = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(FunctionRuntime runtime) {
        return runtime == FunctionRuntime.JAVA;
    }

    @Override
    public boolean isRunning() {
        return !closed;
    }

    /** Whether {@code handler} may be bound to {@code name}: nothing or the same object is bound. */
    public boolean canBind(String name, FunctionHandler handler) {
        FunctionHandler bound = handlers.get(name);
        return bound == null || bound == handler;
    }

    /** Binds the handler; returns whether it was not bound before. */
    public boolean bind(String name, FunctionHandler handler) {
        return handlers.putIfAbsent(name, handler) == null;
    }

    public void rebind(String name, FunctionHandler handler) {
        handlers.put(name, handler);
    }

    public void unbind(String name) {
        handlers.remove(name);
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) throws InterruptedException {
        if (closed) {
            throw new ServiceUnavailableException("the Java executor is closed");
        }
        String name = request.function().name();
        Instant started = Instant.now();
        FunctionHandler handler = handlers.get(name);
        if (handler == null) {
            return ExecutionResult.failed(InvocationError.of("HandlerNotBound", "no Java handler for function '" + name
                    + "' is registered in this process"), "", false, false, started, Instant.now());
        }
        boolean cold = warm.add(name + "@" + request.function().sourceHash());
        LogBuffer logs = new LogBuffer(request.logLimitBytes());
        long deadline = System.nanoTime() + request.timeout().toNanos();
        Context context = new Context(request, deadline, logs);
        Thread caller = Thread.currentThread();
        Object value;
        Throwable failure = null;
        Watchdog.Watch watch = Watchdog.get().arm(deadline, false, caller::interrupt);
        try {
            value = handler.handle(Json.decode(request.event().payload()), context);
        } catch (Throwable t) {
            value = null;
            failure = t;
        }
        if (Watchdog.get().disarm(watch) == Watchdog.Ending.TIMED_OUT) {
            Thread.interrupted(); // the watchdog's interrupt, not the caller's
            return ExecutionResult.timedOut(InvocationError.of("TimeoutError", "function '" + name + "' timed out after "
                    + request.timeout().toMillis() + " ms"), logs.text(), logs.truncated(), cold, started, Instant.now());
        }
        if (failure instanceof InterruptedException e) {
            throw e; // the caller was interrupted (closing), not timed out
        }
        if (failure != null) {
            return ExecutionResult.failed(errorOf(failure), logs.text(), logs.truncated(), cold, started, Instant.now());
        }
        Map<Integer, InvocationError> itemErrors = Map.of();
        if (request.isBatch() && value instanceof java.util.List<?> results) {
            // a Throwable in an event's place fails that event alone
            java.util.List<Object> values = new java.util.ArrayList<>(results);
            itemErrors = new java.util.HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof Throwable t) {
                    itemErrors.put(i, errorOf(t));
                    values.set(i, null);
                }
            }
            value = values;
        }
        String json;
        try {
            json = Json.encode(value);
        } catch (RuntimeException e) {
            return ExecutionResult.failed(InvocationError.of("ResultNotSerializable", "the result of function '"
                            + name + "' (" + value.getClass().getName() + ") is not JSON-serializable: "
                            + e.getMessage()), logs.text(), logs.truncated(), cold, started, Instant.now());
        }
        return ExecutionResult.succeeded(json, logs.text(), logs.truncated(), cold, started, Instant.now())
                .withItemErrors(itemErrors);
    }

    static InvocationError errorOf(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        if (text.length() > MAX_TRACE_CHARS) {
            text = text.substring(0, MAX_TRACE_CHARS) + "\n...";
        }
        return new InvocationError(t.getClass().getName(), t.getMessage(), text);
    }

    @Override
    public void close() {
        closed = true;
    }

    private static final class Context implements FunctionContext, FunctionLogger {
        private final ExecutionRequest request;
        private final long deadline;
        private final LogBuffer logs;

        Context(ExecutionRequest request, long deadline, LogBuffer logs) {
            this.request = request;
            this.deadline = deadline;
            this.logs = logs;
        }

        private Event event() {
            return request.event();
        }

        @Override
        public String functionName() {
            return request.function().name();
        }

        @Override
        public int functionVersion() {
            return request.function().version();
        }

        @Override
        public String topic() {
            return event().topic();
        }

        @Override
        public int partition() {
            return event().partition();
        }

        @Override
        public long offset() {
            return event().offset();
        }

        @Override
        public String key() {
            return event().key();
        }

        @Override
        public String eventId() {
            return event().id();
        }

        @Override
        public Map<String, String> headers() {
            return event().headers();
        }

        @Override
        public int attempt() {
            return request.attempt();
        }

        @Override
        public Duration remainingTime() {
            long left = deadline - System.nanoTime();
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }

        @Override
        public FunctionLogger logger() {
            return this;
        }

        @Override
        public Map<String, String> environment() {
            return request.environment();
        }

        @Override
        public java.util.List<Event> batch() {
            return request.batch();
        }

        @Override
        public void info(String message) {
            logs.append("INFO " + message + "\n");
        }

        @Override
        public void warn(String message) {
            logs.append("WARN " + message + "\n");
        }

        @Override
        public void error(String message) {
            logs.append("ERROR " + message + "\n");
        }
    }
}
