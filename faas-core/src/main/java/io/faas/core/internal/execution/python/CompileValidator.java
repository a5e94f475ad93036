package io.faas.core.internal.execution.python;

import io.faas.api.Diagnostic;
import io.faas.api.FaasException;
import io.faas.api.PayloadTooLargeException;
import io.faas.api.ServiceUnavailableException;
import io.faas.core.PythonSettings;
import io.faas.core.PythonValidator;
import io.faas.core.ValidationReport;
import io.faas.core.internal.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The validator faas-core has without the GraalPy one: a warm process of the configured Python
 * interpreter that compiles each source with CPython's own compiler ({@code compile()}, to an AST
 * and then to bytecode, never running it) and checks the handler contract. It finds syntax
 * errors, as pyflakes reports them, and a missing or misshapen handler; pyflakes' other checks
 * (undefined names, unused imports, ...) come with the {@code faas-validation} artifact.
 *
 * <p>Thread-safe: checks are serialized on the one process (a check takes about a millisecond).
 * A process that dies or does not answer within the check timeout is replaced on the next check;
 * a check also starts the process if {@link #start()} could not (no interpreter yet), and throws
 * {@link ServiceUnavailableException} while it still cannot.
 */
public final class CompileValidator implements PythonValidator {

    private static final Logger log = LoggerFactory.getLogger(CompileValidator.class);
    static final String SCRIPT_RESOURCE = "faas_compile.py";
    private static final String EOF = "\u0000eof";

    private final PythonSettings settings;
    private final long maxSourceBytes;
    private final Duration checkTimeout;
    private volatile String executable;
    private volatile boolean closed;
    private Checker checker;

    /**
     * @param checkTimeout longest a check may take before the process is replaced and the
     *                     source reported as not checkable
     */
    public CompileValidator(PythonSettings settings, long maxSourceBytes, Duration checkTimeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.maxSourceBytes = maxSourceBytes;
        this.checkTimeout = Objects.requireNonNull(checkTimeout, "checkTimeout");
    }

    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the code validator was closed");
        }
        if (checker != null) {
            return;
        }
        if (executable == null) {
            executable = WorkerLauncher.resolve(settings.workers().interpreter(), settings.workers().startTimeout()).executable();
        }
        checker = Checker.start(executable, settings.workers().startTimeout());
    }

    @Override
    public boolean isRunning() {
        return executable != null && !closed;
    }

    @Override
    public List<Diagnostic> validate(String fileName, String source) {
        return check(fileName, source, null).diagnostics();
    }

    @Override
    public List<Diagnostic> validateFunction(String fileName, String source, String handlerName) {
        return check(fileName, source, Objects.requireNonNull(handlerName, "handlerName")).diagnostics();
    }

    @Override
    public ValidationReport check(String fileName, String source) {
        return check(fileName, source, null);
    }

    private synchronized ValidationReport check(String fileName, String source, String handlerName) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(source, "source");
        long size = source.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxSourceBytes) {
            throw new PayloadTooLargeException("source of " + fileName, size, maxSourceBytes);
        }
        if (closed) {
            throw new IllegalStateException("the code validator was closed");
        }
        if (checker == null || !checker.process.isAlive()) {
            try {
                if (executable == null) {
                    executable = WorkerLauncher.resolve(settings.workers().interpreter(), settings.workers().startTimeout()).executable();
                }
                checker = Checker.start(executable, settings.workers().startTimeout());
            } catch (FaasException e) {
                throw new ServiceUnavailableException("Python code cannot be checked now: " + e.getMessage(), e);
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("file", fileName);
        request.put("source", source);
        request.put("handler", handlerName);
        String reply;
        try {
            reply = checker.ask(Json.encode(request), checkTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + fileName, e);
        }
        if (reply == null) {
            checker.kill();
            checker = null;
            return new ValidationReport(ValidationReport.Outcome.SYNTAX_ERROR, List.of(Diagnostic.error(1, 1,
                    "source could not be checked within " + checkTimeout.toMillis() + " ms")), null);
        }
        return report(Json.tree(reply));
    }

    private static ValidationReport report(JsonNode reply) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (JsonNode d : reply.path("diagnostics")) {
            diagnostics.add(Diagnostic.error(d.path("line").asInt(1), d.path("col").asInt(0),
                    d.path("message").asString("")));
        }
        JsonNode errorLine = reply.get("errorLine");
        return new ValidationReport(ValidationReport.Outcome.valueOf(reply.path("outcome").asString("CHECKED")),
                diagnostics, errorLine == null || errorLine.isNull() ? null : errorLine.asString());
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (checker != null) {
            checker.kill();
            checker = null;
        }
    }

    /** One checker process and the thread that reads its replies. */
    private static final class Checker {
        final Process process;
        final OutputStream in;
        final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

        private Checker(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            Thread reader = new Thread(() -> read(process.getInputStream()), "faas-compile-check");
            reader.setDaemon(true);
            reader.start();
        }

        static Checker start(String executable, Duration readyTimeout) {
            byte[] script = script();
            Process process;
            try {
                // -I: no environment variables, user site or current directory; -S: no site module.
                ProcessBuilder builder = new ProcessBuilder(executable, "-I", "-S", "-c",
                        new String(script, StandardCharsets.UTF_8))
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().clear();
                builder.environment().put("LC_ALL", "C.UTF-8");
                process = builder.start();
            } catch (IOException e) {
                throw new FaasException("cannot start the Python code checker '" + executable + "': "
                        + e.getMessage(), e);
            }
            Checker checker = new Checker(process);
            String ready;
            try {
                ready = checker.replies.poll(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                checker.kill();
                Thread.currentThread().interrupt();
                throw new FaasException("interrupted while starting the Python code checker", e);
            }
            if (ready == null || ready.equals(EOF)) {
                checker.kill();
                throw new FaasException("the Python code checker '" + executable + "' did not start within "
                        + readyTimeout.toMillis() + " ms");
            }
            log.debug("Python code checker started: {} (pid {})", executable, process.pid());
            return checker;
        }

        /** The reply to {@code request}, or {@code null} if none came within the timeout or the process died. */
        String ask(String request, Duration timeout) throws InterruptedException {
            try {
                in.write(request.getBytes(StandardCharsets.UTF_8));
                in.write('\n');
                in.flush();
            } catch (IOException e) {
                return null;
            }
            String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return reply == null || reply.equals(EOF) ? null : reply;
        }

        private void read(InputStream out) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    replies.add(line);
                }
            } catch (IOException e) {
                // the process ended; the EOF mark tells the waiting check
            } finally {
                replies.add(EOF);
            }
        }

        void kill() {
            process.destroyForcibly();
        }

        private static byte[] script() {
            try (InputStream in = CompileValidator.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new FaasException(SCRIPT_RESOURCE + " is missing from the class path");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new FaasException("cannot read " + SCRIPT_RESOURCE + ": " + e.getMessage(), e);
            }
        }
    }
}
