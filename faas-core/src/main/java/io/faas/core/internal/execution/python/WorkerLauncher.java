package io.faas.core.internal.execution.python;

import io.faas.core.internal.common.Directories;
import io.faas.api.FaasException;
import io.faas.api.ServiceUnavailableException;
import io.faas.api.FunctionVersion;
import io.faas.api.InvalidFunctionException;
import io.faas.core.PythonSettings;
import io.faas.core.internal.packages.PackageCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts worker processes: resolves the interpreter once, decides once whether workers run in the
 * bubblewrap sandbox (by starting one), owns the directory that holds the worker script (and,
 * unsandboxed, every worker's private directory), and builds the scrubbed environment.
 * Thread-safe after {@link #start()}.
 */
public final class WorkerLauncher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);
    /** Home, temporary and working directory of a sandboxed worker: its private tmpfs. */
    static final String SANDBOX_HOME = "/tmp";
    /** Hosts and interpreters on which AUTO already warned, so a JVM warns once, not once per executor. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    static final String SCRIPT_RESOURCE = "faas_worker.py";
    private static volatile byte[] scriptBytes;
    private static final String EXECUTABLE_MARK = "faas-executable=";
    private static final String VERSION_MARK = "faas-version=";
    private static final String PREFIX_MARK = "faas-prefix=";

    private final PythonSettings settings;
    private final String rootPrefix;
    private volatile String executable;
    private volatile List<String> prefixes = List.of();
    private volatile boolean sandboxed;
    private volatile Path root;
    private volatile Path script;
    private volatile Function<String, Optional<byte[]>> packageSource;
    private volatile Function<String, List<String>> packageLayers = digest -> List.of();
    private volatile PackageCache packages;
    /** The directories of each package digest seen: the package's, then its layers'. */
    private final Map<String, List<String>> unpacked = new ConcurrentHashMap<>();

    WorkerLauncher(PythonSettings settings, String rootPrefix) {
        this.settings = settings;
        this.rootPrefix = rootPrefix;
    }

    /**
     * Resolves the interpreter, writes the worker script and, unless the sandbox is off, starts
     * one sandboxed worker to learn whether bubblewrap works here.
     *
     * @throws FaasException if the interpreter cannot be run, is older than 3.9, the work
     *                       directory cannot be written, or the sandbox is required and cannot be used
     */
    void start() {
        Interpreter interpreter = resolve(settings.workers().interpreter(), settings.workers().startTimeout());
        executable = interpreter.executable();
        prefixes = interpreter.prefixes();
        try {
            Files.createDirectories(settings.workDir());
            root = Files.createTempDirectory(settings.workDir(), rootPrefix);
            script = root.resolve(SCRIPT_RESOURCE);
            Files.write(script, script());
            Function<String, Optional<byte[]>> source = packageSource;
            if (source != null) {
                packages = new PackageCache(root.resolve("packages"), source);
            }
        } catch (IOException e) {
            throw new FaasException("cannot prepare the Python work directory under " + settings.workDir() + ": "
                    + e.getMessage(), e);
        }
        try {
            sandboxed = decideSandbox();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private boolean decideSandbox() {
        if (settings.workers().sandbox() == PythonSettings.Sandbox.NONE) {
            log.info("Python sandbox is off (sandbox=NONE): functions run as this JVM's user with its view of "
                    + "files, processes and network");
            return false;
        }
        String problem = probe();
        if (problem == null) {
            log.debug("Python workers run in bubblewrap ({})", settings.bubblewrapPath());
            return true;
        }
        if (settings.workers().sandbox() == PythonSettings.Sandbox.BUBBLEWRAP) {
            throw new FaasException("the Python sandbox is required (sandbox=BUBBLEWRAP) but bubblewrap '"
                    + settings.bubblewrapPath() + "' cannot be used on this host: " + problem
                    + "; install bubblewrap (Debian: apt-get install bubblewrap) or set the sandbox to AUTO or NONE");
        }
        if (WARNED.add(settings.bubblewrapPath() + " " + executable)) {
            log.warn("Python functions run UNSANDBOXED: bubblewrap '{}' cannot be used on this host ({}); install "
                    + "bubblewrap, or set the sandbox to NONE to say this is intended", settings.bubblewrapPath(),
                    problem);
        }
        return false;
    }

    /** Starts one sandboxed worker and waits for its {@code ready}: {@code null} if it came, else why not. */
    private String probe() {
        PythonWorker worker = null;
        try {
            WorkerProfile profile = WorkerProfile.unbound(settings);
            Process process = builder(null, profile, true, true).start();
            worker = PythonWorker.attach(process, null, profile, settings.workers().maxModulesPerWorker());
            awaitReady(worker, settings.workers().startTimeout());
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaasException("interrupted while trying the Python sandbox", e);
        } finally {
            if (worker != null) {
                worker.kill();
                worker.awaitExit(1000);
                worker.cleanUp();
            }
        }
    }

    /**
     * Where the stored packages come from, before {@link #start()}; without it, package functions
     * are refused.
     */
    void usePackages(Function<String, Optional<byte[]>> source, Function<String, List<String>> layers) {
        this.packageSource = Objects.requireNonNull(source, "source");
        this.packageLayers = Objects.requireNonNull(layers, "layers");
    }

    /**
     * The profile of a worker for this version: with its package unpacked into this launcher's
     * cache (once per package) if it has one.
     *
     * @throws InvalidFunctionException if it has a package and this launcher has no package store
     * @throws ServiceUnavailableException if the package cannot be read or unpacked now
     */
    WorkerProfile profile(FunctionVersion function) {
        WorkerProfile profile = WorkerProfile.of(function.spec(), settings);
        if (!function.isPackage() && function.spec().layers().isEmpty()) {
            return profile;
        }
        PackageCache cache = packages;
        if (cache == null) {
            throw new InvalidFunctionException(function.name(), "this Python executor was not given a package store"
                    + " (it runs packages and layers only as part of a faas client)");
        }
        // The package, its requirements' layer, then the spec's pinned layers: all stored content never
        // changes, so it is read and unpacked once, not once per call.
        String key = function.packageDigest() + " " + function.spec().layers();
        List<String> dirs = unpacked.get(key);
        if (dirs == null) {
            List<String> found = new ArrayList<>();
            if (function.isPackage()) {
                found.add(cache.unpacked(function.packageDigest()).toString());
                for (String layer : packageLayers.apply(function.packageDigest())) {
                    found.add(cache.unpacked(layer).toString());
                }
            }
            for (String layer : function.spec().layers()) {
                int at = layer.indexOf('@');
                if (at < 0) {
                    throw new InvalidFunctionException(function.name(), "layer '" + layer + "' is not pinned to"
                            + " its content; update the function");
                }
                found.add(cache.unpacked(layer.substring(at + 1)).toString());
            }
            dirs = List.copyOf(found);
            unpacked.put(key, dirs);
        }
        return profile.withPackage(dirs);
    }

    /** Whether workers run in the sandbox; known after {@link #start()}. */
    boolean sandboxed() {
        return sandboxed;
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
     * @param profile the function it serves, its memory limit and network
     * @param once    whether the worker answers one request and exits
     * @throws ServiceUnavailableException if the process cannot be started or does not report
     *                                     ready within the start timeout
     */
    PythonWorker launch(WorkerProfile profile, boolean once) throws InterruptedException {
        Path dir = null;
        Process process;
        try {
            if (!sandboxed) {
                dir = Files.createTempDirectory(root, "worker-");
            }
            process = builder(dir, profile, once, sandboxed).start();
        } catch (IOException e) {
            Directories.deleteRecursively(dir);
            throw new ServiceUnavailableException("cannot start a Python worker (" + executable + "): "
                    + e.getMessage(), e);
        }
        PythonWorker worker = PythonWorker.attach(process, dir, profile, settings.workers().maxModulesPerWorker());
        try {
            awaitReady(worker, settings.workers().startTimeout());
            return worker;
        } catch (InterruptedException | RuntimeException e) {
            worker.kill();
            worker.awaitExit(1000);
            worker.cleanUp();
            throw e;
        }
    }

    /** The command of a worker: its sandboxed form starts the script with the options for bubblewrap. */
    private ProcessBuilder builder(Path dir, WorkerProfile profile, boolean once, boolean sandbox) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (sandbox) {
            // The outer stage only builds bwrap's arguments: no site packages to import for that.
            command.addAll(List.of("-I", "-S"));
        }
        command.addAll(List.of(script.toString(),
                "--max-modules", String.valueOf(settings.workers().maxModulesPerWorker()),
                "--memory-limit-mb", String.valueOf(profile.memoryLimitMb()),
                "--max-file-size-mb", String.valueOf(settings.workers().maxFileSizeMb()),
                "--max-open-files", String.valueOf(settings.workers().maxOpenFiles()),
                "--cpu-seconds-per-call", String.valueOf(settings.cpuTimePerCall().toSeconds())));
        if (once) {
            command.add("--once");
        }
        for (String packageDir : profile.packageDirs()) {
            command.addAll(List.of("--package-dir", packageDir));
        }
        if (sandbox) {
            command.addAll(List.of("--sandbox", "bubblewrap",
                    "--bwrap", settings.bubblewrapPath(),
                    "--sandbox-user", settings.workers().sandboxUser(),
                    "--tmp-size-mb", String.valueOf(settings.workers().tmpSizeMb()),
                    "--max-processes", String.valueOf(settings.workers().maxProcesses())));
            for (String prefix : prefixes) {
                command.addAll(List.of("--prefix", prefix));
            }
            // A JDK installed under /usr would otherwise be in the read-only view of the system.
            command.addAll(List.of("--hide", System.getProperty("java.home")));
            if (profile.network()) {
                command.add("--network");
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Map<String, String> env = builder.environment();
        // Nothing of the host's environment (credentials, proxies, PYTHONPATH) reaches user code.
        env.clear();
        env.putAll(environment(dir != null ? dir.toString() : SANDBOX_HOME, profile));
        return builder;
    }

    /**
     * The whole environment of a worker: HOME and TMPDIR are its private directory ({@code home}).
     * The one place where a worker's environment is built; variables of the function
     * ({@code profile.function()}) belong here, since a worker serves one function only.
     */
    static Map<String, String> environment(String home, WorkerProfile profile) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        env.put("HOME", home);
        env.put("TMPDIR", home);
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        return env;
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
    static Interpreter resolve(String interpreter, Duration timeout) {
        String code = "import sys; print('" + EXECUTABLE_MARK + "' + sys.executable); "
                + "print('" + VERSION_MARK + "%d.%d' % sys.version_info[:2]); "
                + "[print('" + PREFIX_MARK + "' + p) for p in sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, "
                + "sys.base_exec_prefix})]";
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
            List<String> prefixes = new ArrayList<>();
            for (String line : output.split("\\R")) {
                if (line.startsWith(EXECUTABLE_MARK)) {
                    executable = line.substring(EXECUTABLE_MARK.length()).trim();
                } else if (line.startsWith(VERSION_MARK)) {
                    version = line.substring(VERSION_MARK.length()).trim();
                } else if (line.startsWith(PREFIX_MARK)) {
                    prefixes.add(line.substring(PREFIX_MARK.length()).trim());
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
            return new Interpreter(executable, List.copyOf(prefixes));
        } catch (IOException e) {
            throw new FaasException("cannot read the answer of the Python interpreter '" + interpreter + "': "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FaasException("interrupted while resolving the Python interpreter '" + interpreter + "'", e);
        }
    }

    /**
     * The real interpreter behind the configured one.
     *
     * @param executable its {@code sys.executable}
     * @param prefixes   its {@code sys.prefix}, {@code sys.base_prefix} and exec prefixes: what a
     *                   sandbox binds read-only so that the interpreter finds its standard library
     */
    record Interpreter(String executable, List<String> prefixes) {
    }

    /** Deletes the script and whatever worker directories are left. */
    @Override
    public void close() {
        Directories.deleteRecursively(root);
    }
}
