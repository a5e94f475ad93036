package io.faas.validation.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads, on a spare core, the classes that the first GraalPy engine and context of a JVM load.
 *
 * <p>Creating the first Python context loads about 14,000 classes (GraalPy registers every builtin
 * of every module eagerly), and on a stock JDK that is most of its cost: reading, defining and
 * verifying classes, which one thread does one class at a time. While the starting thread builds
 * the engine and the context, a daemon thread loads the same classes from the other end of the
 * list {@code graalpy-classes.txt} recorded by {@code PreloadListTool}, so the two meet in the
 * middle. Classes are only loaded, never initialized: no static initializer runs on this thread,
 * so it cannot deadlock with the starting thread nor change what the context sees. Names that no
 * longer exist (another GraalPy version) are skipped, and the thread gives up if most are missing.
 *
 * <p>Runs once per JVM, and not at all on a single core, where it would only compete, nor when the
 * system property {@code faas.validator.preload} is {@code false}.
 */
final class ClassPreloader {

    static final String LIST = "graalpy-classes.txt";

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Give up after this many names in a row that do not load: the list does not fit this classpath. */
    private static final int MAX_MISSES_IN_A_ROW = 200;

    private ClassPreloader() {
    }

    /** Starts the preloading thread unless it ran before in this JVM or there is no spare core. */
    static void startOnce(ClassLoader loader) {
        if (Runtime.getRuntime().availableProcessors() < 2
                || "false".equals(System.getProperty("faas.validator.preload"))
                || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> preload(loader, names()), "faas-validator-preload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Loads {@code names} last to first without initializing them; returns how many loaded. */
    static int preload(ClassLoader loader, List<String> names) {
        int loaded = 0;
        int missesInARow = 0;
        for (int i = names.size() - 1; i >= 0 && missesInARow < MAX_MISSES_IN_A_ROW; i--) {
            try {
                Class.forName(names.get(i), false, loader);
                loaded++;
                missesInARow = 0;
            } catch (ClassNotFoundException | LinkageError e) {
                missesInARow++;
            }
        }
        return loaded;
    }

    /** The recorded class names, in the order the first start loaded them; empty if the list is missing. */
    static List<String> names() {
        List<String> names = new ArrayList<>(16_384);
        try (InputStream in = ClassPreloader.class.getResourceAsStream(LIST)) {
            if (in == null) {
                return names;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty() && line.charAt(0) != '#') {
                    names.add(line);
                }
            }
        } catch (IOException e) {
            // Only an optimisation: start without it.
        }
        return names;
    }
}
