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
import java.util.Set;
import java.util.stream.Stream;

/**
 * GraalPy and the validator, about 150 MB of jars, live in {@code lib/} beside {@code faas-cli.jar}
 * rather than in it: a JVM reads the whole index of every jar on its class path before {@code main},
 * and GraalPy's 47,000 entries cost every command a fifth of a second. {@code faas validate} loads
 * them in a class loader of its own, with {@link PyflakesCheck} (and what it uses of this package)
 * defined there beside them.
 */
final class ValidatorLibraries {

    static final String LIB = "lib";
    /** Defined in the validator's loader: they use its classes, or are used package-privately by those. */
    private static final Set<String> OWN = Set.of("io.faas.examples.cli.PyflakesCheck", "io.faas.examples.cli.Sources");

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
        Path cli = DevCommand.cliLocation();
        Path lib = cli.getParent().resolve(LIB);
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
            if (urls.isEmpty()) {
                throw CliException.usage("validate needs the validator's libraries in " + lib
                        + ", which ship beside faas-cli.jar");
            }
            urls.add(cli.toUri().toURL());
        } catch (IOException e) {
            throw CliException.usage("cannot read " + lib + ": " + e.getMessage());
        }
        return new ValidatorLibraries(urls);
    }

    int check(PrintWriter out, PrintWriter err, List<Path> files, String handler) {
        try (URLClassLoader loader = new Loader(urls.toArray(URL[]::new), ValidatorLibraries.class.getClassLoader())) {
            Class<?> check = loader.loadClass("io.faas.examples.cli.PyflakesCheck");
            Object instance = check.getConstructor(PrintWriter.class, PrintWriter.class).newInstance(out, err);
            return (Integer) check.getMethod("run", List.class, String.class).invoke(instance, files, handler);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CliException(ExitCodes.FAILED, "the validator failed: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException | IOException e) {
            throw new CliException(ExitCodes.FAILED, "the validator's libraries in " + LIB + " do not fit this CLI: "
                    + e.getMessage());
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
