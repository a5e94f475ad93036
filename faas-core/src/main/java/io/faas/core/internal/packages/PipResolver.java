package io.faas.core.internal.packages;

import io.faas.api.InvalidFunctionException;
import io.faas.api.ServiceUnavailableException;
import io.faas.core.PythonSettings;
import io.faas.core.internal.common.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Resolves a package's {@code requirements.txt} at deploy time with pip, into a layer: the files
 * {@code pip install --target} leaves, as a {@link PackageArchive}. pip runs with the workers'
 * interpreter (so it picks wheels for their Python version), wheels only ({@code --only-binary
 * :all:}: no build, so no code of the uploader runs here), against the operator's wheelhouse
 * ({@code --no-index --find-links}) or index, in a child process that is killed, with whatever it
 * started, at the timeout. The requirements name distributions and versions only: options
 * ({@code -r}, {@code --index-url}), URLs and paths are refused, since the server chooses where
 * wheels come from. Thread-safe.
 */
public final class PipResolver {

    private static final Pattern REQUIREMENT = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._-]*(\\[[A-Za-z0-9._,\\s-]*])?\\s*([<>=!~]=?\\s*[A-Za-z0-9.*+!_-]+\\s*,?\\s*)*"
                    + "(;[^@]*)?");
    private static final int MAX_REASON_CHARS = 2000;

    private final String interpreter;
    private final Path wheelhouse;
    private final String indexUrl;
    private final java.time.Duration timeout;
    private final Path workDir;
    private final long maxLayerBytes;

    /** @param maxPackageBytes the package limit: a layer may add up to {@value PackageArchive#MAX_EXPANSION} times it */
    public PipResolver(PythonSettings settings, long maxPackageBytes) {
        this.maxLayerBytes = maxPackageBytes * PackageArchive.MAX_EXPANSION;
        this.interpreter = settings.workers().interpreter();
        this.wheelhouse = settings.wheelhouse();
        this.indexUrl = settings.indexUrl();
        this.timeout = settings.pipTimeout();
        this.workDir = settings.workDir();
    }

    /** Whether the requirements name anything: not only blank lines and comments. */
    public static boolean hasRequirements(String requirements) {
        return requirements.lines().map(PipResolver::withoutComment).anyMatch(l -> !l.isEmpty());
    }

    /**
     * The layer that the requirements resolve to.
     *
     * @throws InvalidFunctionException   if a line is not a plain requirement, there is nothing to
     *                                    resolve against, or pip cannot resolve them (with pip's reason)
     * @throws ServiceUnavailableException if pip cannot be run here
     */
    public PackageArchive resolve(String function, String requirements) {
        checkLines(function, requirements);
        if (wheelhouse == null && indexUrl == null) {
            throw new InvalidFunctionException(function, "the package has a requirements.txt, but this server"
                    + " resolves none: its operator sets faas.python.wheelhouse or faas.python.index-url");
        }
        return install(function, Map.of(), dir -> {
            Path file = Files.writeString(dir.resolve("requirements.txt"), requirements);
            return List.of("--requirement", file.toString());
        });
    }

    /**
     * The layer that these wheel files install to, by file name; their dependencies come from the
     * same files, then the wheelhouse or index.
     *
     * @throws InvalidFunctionException if a name is not a wheel's, or pip cannot install them
     */
    public PackageArchive installWheels(String layer, Map<String, byte[]> wheels) {
        requireWheelNames(layer, wheels.keySet());
        return install(layer, wheels, dir -> wheels.keySet().stream()
                .map(file -> dir.resolve("wheels").resolve(file).toString()).toList());
    }

    /** @throws InvalidFunctionException if there are none, or a name is not a wheel's */
    static void requireWheelNames(String layer, java.util.Set<String> files) {
        if (files.isEmpty()) {
            throw new InvalidFunctionException(layer, "a layer needs at least one wheel");
        }
        for (String file : files) {
            if (!WHEEL_FILE.matcher(file).matches()) {
                throw new InvalidFunctionException(layer, "'" + file + "' is not the file name of a wheel"
                        + " (name-version-tags.whl)");
            }
        }
    }

    private static final Pattern WHEEL_FILE = Pattern.compile("[A-Za-z0-9_.+!-]{1,200}\\.whl");

    /** What builds pip's arguments after the common ones, in the run's temporary directory. */
    private interface Sources {
        List<String> in(Path dir) throws IOException;
    }

    private PackageArchive install(String function, Map<String, byte[]> wheels, Sources sources) {
        Path dir = null;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "faas-pip-");
            Path local = Files.createDirectory(dir.resolve("wheels"));
            for (Map.Entry<String, byte[]> wheel : wheels.entrySet()) {
                Files.write(local.resolve(wheel.getKey()), wheel.getValue());
            }
            Path target = dir.resolve("layer");
            Path log = dir.resolve("pip.log");
            List<String> command = new ArrayList<>(List.of(interpreter, "-m", "pip", "install", "--isolated",
                    "--disable-pip-version-check", "--no-input", "--no-cache-dir", "--no-compile",
                    "--only-binary", ":all:", "--target", target.toString(), "--find-links", local.toString()));
            command.addAll(sources.in(dir));
            if (wheelhouse != null) {
                command.addAll(List.of("--no-index", "--find-links", wheelhouse.toString()));
            } else if (indexUrl != null) {
                command.addAll(List.of("--index-url", indexUrl));
            } else {
                command.add("--no-index");
            }
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("PYTHON"));
            env.put("HOME", dir.toString());
            env.put("PYTHONNOUSERSITE", "1");
            Process pip = builder.start();
            pip.getOutputStream().close();
            if (!pip.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                pip.descendants().forEach(ProcessHandle::destroyForcibly);
                pip.destroyForcibly();
                pip.waitFor(5, TimeUnit.SECONDS);
                throw new InvalidFunctionException(function, "pip did not resolve the requirements within "
                        + timeout.toSeconds() + " s");
            }
            if (pip.exitValue() != 0) {
                throw new InvalidFunctionException(function, "pip cannot install the requirements: "
                        + reason(Files.readString(log, StandardCharsets.UTF_8), dir));
            }
            return PackageArchive.of(files(function, target));
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot run pip (" + interpreter + " -m pip): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while pip resolved the requirements", e);
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    private static void checkLines(String function, String requirements) {
        int n = 0;
        for (String raw : requirements.split("\\R", -1)) {
            n++;
            String line = withoutComment(raw);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("-")) {
                throw new InvalidFunctionException(function, "requirements.txt line " + n + " is an option; only"
                        + " requirements such as 'name==1.2' are allowed (the server chooses the index)");
            }
            if (line.contains("://") || line.contains("@") || !REQUIREMENT.matcher(line).matches()) {
                throw new InvalidFunctionException(function, "requirements.txt line " + n + " is not a requirement"
                        + " such as 'name', 'name==1.2' or 'name>=1,<2' (no URLs or paths)");
            }
        }
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }

    /** pip's own reason: its ERROR lines, without the server's paths. */
    static String reason(String output, Path dir) {
        List<String> errors = output.lines().filter(l -> l.startsWith("ERROR:"))
                .map(l -> l.substring("ERROR:".length()).strip()).toList();
        String reason = String.join("; ", errors.isEmpty() ? List.of("pip failed") : errors)
                .replace(dir.toString() + "/", "").replace(dir.toString(), "");
        return reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason;
    }

    /** What pip installed, read into memory only up to the layer limit. */
    private Map<String, byte[]> files(String function, Path target) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        if (!Files.isDirectory(target)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(p);
                    if (total > maxLayerBytes) {
                        throw new io.faas.api.PayloadTooLargeException("what the requirements of '" + function
                                + "' install (read so far)", total, maxLayerBytes);
                    }
                    files.put(target.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return files;
    }

}
