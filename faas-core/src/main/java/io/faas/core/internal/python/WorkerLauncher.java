package io.faas.core.internal.python;

import io.faas.api.FaasException;
import io.faas.api.ServiceUnavailableException;
import io.faas.core.PythonSettings;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts worker processes: resolves the interpreter once, owns the directory that holds the
 * worker script and every worker's private directory, and builds the scrubbed environment.
 * Thread-safe after {@link #start()}.
 */
public final class WorkerLauncher implements AutoCloseable {

    static final String SCRIPT_RESOURCE = "faas_worker.py";
    private static volatile byte[] scriptBytes;
    private static final String EXECUTABLE_MARK = "faas-executable=";
    private static final String VERSION_MARK = "faas-version=";

    private final PythonSettings settings;
    private final String rootPrefix;
    private volatile String executable;
    private volatile Path root;
    private volatile Path script;

    WorkerLauncher(PythonSettings settings, String rootPrefix) {
        this.settings = settings;
        this.rootPrefix = rootPrefix;
    }

    /**
     * Resolves the interpreter and writes the worker script.
     *
     * @throws FaasException if the interpreter cannot be run, is older than 3.9, or the work
     *                       directory cannot be written
     */
    void start() {
        executable = resolve(settings.interpreter(), settings.startTimeout());
        try {
            Files.createDirectories(settings.workDir());
            root = Files.createTempDirectory(settings.workDir(), rootPrefix);
            script = root.resolve(SCRIPT_RESOURCE);
            Files.write(script, script());
        } catch (IOException e) {
            throw new FaasException("cannot prepare the Python work directory under " + settings.workDir() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The worker script, {@code faas_worker.py}: what local workers run, and what is copied to
     * remote hosts.
     *
     * @throws FaasException if the resource is missing from the class path
     */
    public static byte[] script() {
        byte[] bytes = scriptBytes;
        if (bytes == null) {
            try (InputStream in = WorkerLauncher.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new FaasException("resource " + SCRIPT_RESOURCE + " is missing from the classpath");
                }
                bytes = in.readAllBytes();
                scriptBytes = bytes;
            } catch (IOException e) {
                throw new FaasException("cannot read resource " + SCRIPT_RESOURCE + ": " + e.getMessage(), e);
            }
        }
        return bytes.clone();
    }

    /** The interpreter that workers run, once started. */
    String executable() {
        return executable;
    }

    Path root() {
        return root;
    }

    /**
     * Starts a worker and waits until it reports ready.
     *
     * @param memoryLimitMb address-space limit, 0 for none
     * @param once          whether the worker answers one request and exits
     * @throws ServiceUnavailableException if the process cannot be started or does not report
     *                                     ready within the start timeout
     */
    PythonWorker launch(int memoryLimitMb, boolean once) throws InterruptedException {
        Path dir;
        Process process;
        try {
            dir = Files.createTempDirectory(root, "worker-");
            process = builder(dir, memoryLimitMb, once).start();
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot start a Python worker (" + executable + "): "
                    + e.getMessage(), e);
        }
        PythonWorker worker = PythonWorker.attach(process, dir, memoryLimitMb, settings.maxModulesPerWorker());
        try {
            awaitReady(worker, settings.startTimeout());
            return worker;
        } catch (InterruptedException | RuntimeException e) {
            worker.kill();
            worker.awaitExit(1000);
            worker.cleanUp();
            throw e;
        }
    }

    private ProcessBuilder builder(Path dir, int memoryLimitMb, boolean once) {
        List<String> command = new ArrayList<>(List.of(executable, script.toString(),
                "--max-modules", String.valueOf(settings.maxModulesPerWorker()),
                "--memory-limit-mb", String.valueOf(memoryLimitMb)));
        if (once) {
            command.add("--once");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = builder.environment();
        // Nothing of the host's environment (credentials, proxies, PYTHONPATH) reaches user code.
        env.clear();
        env.putAll(environment(dir));
        return builder;
    }

    /** The whole environment of a worker whose private directory is {@code dir}. */
    static Map<String, String> environment(Path dir) {
        return Map.of(
                "PATH", "/usr/local/bin:/usr/bin:/bin",
                "LANG", "C.UTF-8",
                "LC_ALL", "C.UTF-8",
                "HOME", dir.toString(),
                "TMPDIR", dir.toString(),
                "PYTHONDONTWRITEBYTECODE", "1",
                "PYTHONUNBUFFERED", "1",
                "PYTHONIOENCODING", "utf-8");
    }

    /**
     * Waits for the worker's first frame, {@code ready}.
     *
     * @throws ServiceUnavailableException if it ends, stays silent or sends anything else
     */
    public static void awaitReady(PythonWorker worker, Duration timeout) throws InterruptedException {
        byte[] frame;
        try {
            frame = worker.receive(timeout.toNanos());
        } catch (EOFException e) {
            worker.awaitExit(1000);
            worker.awaitStderr(500);
            throw new ServiceUnavailableException("Python worker exited before it was ready ("
                    + worker.exitDescription() + ")" + tail(worker));
        }
        if (frame == null) {
            throw new ServiceUnavailableException("Python worker did not report ready within " + timeout.toMillis()
                    + " ms" + tail(worker));
        }
        PythonProtocol.Reply reply;
        try {
            reply = PythonProtocol.parse(frame);
        } catch (RuntimeException e) {
            throw new ServiceUnavailableException("Python worker sent an unreadable first frame: " + e.getMessage());
        }
        if (!"ready".equals(reply.op())) {
            throw new ServiceUnavailableException("Python worker sent '" + reply.op() + "' instead of 'ready'");
        }
    }

    private static String tail(PythonWorker worker) {
        String tail = worker.stderrTail();
        return tail.isEmpty() ? "" : "; stderr: " + tail;
    }

    /**
     * Runs the configured interpreter once, with the host's environment (a pyenv shim needs it),
     * to learn the real executable and its version.
     */
    static String resolve(String interpreter, Duration timeout) {
        String code = "import sys; print('" + EXECUTABLE_MARK + "' + sys.executable); "
                + "print('" + VERSION_MARK + "%d.%d' % sys.version_info[:2])";
        Process process;
        try {
            process = new ProcessBuilder(interpreter, "-c", code).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new FaasException("cannot run the Python interpreter '" + interpreter + "': " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FaasException("the Python interpreter '" + interpreter + "' did not answer within "
                        + timeout.toMillis() + " ms");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String executable = null;
            String version = null;
            for (String line : output.split("\\R")) {
                if (line.startsWith(EXECUTABLE_MARK)) {
                    executable = line.substring(EXECUTABLE_MARK.length()).trim();
                } else if (line.startsWith(VERSION_MARK)) {
                    version = line.substring(VERSION_MARK.length()).trim();
                }
            }
            if (process.exitValue() != 0 || executable == null || executable.isEmpty() || version == null) {
                throw new FaasException("the Python interpreter '" + interpreter + "' failed (exit code "
                        + process.exitValue() + "): " + output.strip());
            }
            String[] parts = version.split("\\.");
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            if (major < 3 || (major == 3 && minor < 9)) {
                throw new FaasException("the Python interpreter '" + interpreter + "' is Python " + version
                        + "; faas needs 3.9 or later");
            }
            if (!Files.isExecutable(Path.of(executable))) {
                throw new FaasException("the Python interpreter '" + interpreter + "' reports executable "
                        + executable + ", which cannot be run");
            }
            return executable;
        } catch (IOException e) {
            throw new FaasException("cannot read the answer of the Python interpreter '" + interpreter + "': "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FaasException("interrupted while resolving the Python interpreter '" + interpreter + "'", e);
        }
    }

    /** Deletes the script and whatever worker directories are left. */
    @Override
    public void close() {
        Directories.deleteRecursively(root);
    }
}
