package io.faas.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * GraalPy and the validator, about 150 MB of jars, live in {@code lib/} beside {@code faas-cli.jar}
 * rather than in it: a JVM reads the whole index of every jar on its class path before {@code main},
 * and GraalPy's 47,000 entries cost every command a fifth of a second. {@code faas validate} loads
 * them in a class loader of its own, with {@link PyflakesCheck} (and what it uses of this package)
 * defined there beside them. {@code faas functions deploy} does too, to check a source before it
 * sends it, when they are there.
 */
final class ValidatorLibraries {

    static final String LIB = "lib";
    /** The validation artifact's jar: its presence in {@code lib/} is what makes a deploy check locally. */
    static final String VALIDATOR_JAR = "faas-validation-";
    private static final String CHECK = "io.faas.examples.cli.PyflakesCheck";
    /** Defined in the validator's loader: they use its classes, or are used package-privately by those. */
    private static final Set<String> OWN = Set.of(CHECK, "io.faas.examples.cli.Sources");

    private final List<URL> urls;

    private ValidatorLibraries(List<URL> urls) {
        this.urls = urls;
    }

    /** Whether the validator is on this JVM's class path already (tests, an IDE). */
    static boolean onClassPath() {
        return ValidatorLibraries.class.getClassLoader().getResource("io/faas/validation/Validators.class") != null;
    }

    /** The jars in {@code lib/} beside the CLI's jar; a usage error when there are none. */
    static ValidatorLibraries besideTheCli() {
        return find().orElseThrow(() -> CliException.usage("validate needs the validator's libraries in "
                + lib() + ", which ship beside faas-cli.jar"));
    }

    /** The jars in {@code lib/} beside the CLI's jar, when the validator ({@code faas-validation-*.jar}) is one. */
    static Optional<ValidatorLibraries> find() {
        Path cli = DevCommand.cliLocation();
        Path lib = lib();
        List<URL> urls = new ArrayList<>();
        boolean validator = false;
        try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
                validator |= jar.getFileName().toString().startsWith(VALIDATOR_JAR);
            }
            if (!validator) {
                return Optional.empty();
            }
            urls.add(cli.toUri().toURL());
        } catch (IOException e) {
            throw CliException.usage("cannot read " + lib + ": " + e.getMessage());
        }
        return Optional.of(new ValidatorLibraries(urls));
    }

    /**
     * The check {@code faas functions deploy} runs first, when the validator is on the class path or
     * in {@code lib/}; empty when it is in neither (the admin app's check is then the only one).
     * Diagnostics go to {@code out} and {@code err} as {@code faas validate} prints them.
     */
    static Optional<SourceCheck> sourceCheck(PrintWriter out, PrintWriter err) {
        if (onClassPath()) {
            return Optional.of(new PyflakesCheck(out, err));
        }
        return find().map(libraries -> libraries.open(out, err));
    }

    private static Path lib() {
        return DevCommand.cliLocation().getParent().resolve(LIB);
    }

    int check(PrintWriter out, PrintWriter err, List<Path> files, String handler) {
        try (URLClassLoader loader = new Loader(urls.toArray(URL[]::new), ValidatorLibraries.class.getClassLoader())) {
            Class<?> check = loader.loadClass(CHECK);
            Object instance = check.getConstructor(PrintWriter.class, PrintWriter.class).newInstance(out, err);
            return (Integer) check.getMethod("run", List.class, String.class).invoke(instance, files, handler);
        } catch (InvocationTargetException e) {
            throw failed(e);
        } catch (ReflectiveOperationException | IOException e) {
            throw doNotFit(e);
        }
    }

    /** A {@link PyflakesCheck} in a loader of its own, which its {@code close} closes. */
    private SourceCheck open(PrintWriter out, PrintWriter err) {
        URLClassLoader loader = new Loader(urls.toArray(URL[]::new), ValidatorLibraries.class.getClassLoader());
        SourceCheck check;
        try {
            check = (SourceCheck) loader.loadClass(CHECK).getConstructor(PrintWriter.class, PrintWriter.class)
                    .newInstance(out, err);
        } catch (InvocationTargetException e) {
            closeQuietly(loader);
            throw failed(e);
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            closeQuietly(loader);
            throw doNotFit(e);
        }
        return new SourceCheck() {
            @Override
            public Findings check(String path, String source, String handler) {
                return check.check(path, source, handler);
            }

            @Override
            public void close() {
                try {
                    check.close();
                } finally {
                    closeQuietly(loader);
                }
            }
        };
    }

    private static RuntimeException failed(InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
            return r;
        }
        return new CliException(ExitCodes.FAILED, "the validator failed: " + e.getCause().getMessage());
    }

    private static CliException doNotFit(Throwable e) {
        return new CliException(ExitCodes.FAILED, "the validator's libraries in " + LIB + " do not fit this CLI: "
                + e.getMessage());
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // only open jar files to release; the JVM exits soon after
        }
    }

    /** Parent first, but for {@link #OWN}, which it defines itself from the CLI's jar. */
    private static final class Loader extends URLClassLoader {

        Loader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!OWN.contains(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
