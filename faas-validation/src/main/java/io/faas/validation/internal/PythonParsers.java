package io.faas.validation.internal;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A fixed pool of sandboxed GraalPy contexts sharing one {@link Engine}. Each context runs only
 * {@code ast.parse}; a context is used by one thread at a time.
 *
 * <p>The constructor creates the engine and the first context, so the pool can lend at once;
 * {@link #fill} creates the others (on a background thread: {@link GraalPyValidator#start()}).
 */
final class PythonParsers implements AutoCloseable {

    /** One pooled context and its parse function. */
    static final class Parser {
        final Context context;
        final Value parse;

        Parser(Context context, Value parse) {
            this.context = context;
            this.parse = parse;
        }
    }

    private static final String SCRIPT = loadScript();

    private final Engine engine;
    private final int size;
    /** Used last-in first-out: under light load one context stays hot in the caches. */
    private final BlockingDeque<Parser> idle;
    /** Guards {@link #created} and the switch of {@link #closed}, so no context is added after close. */
    private final Object lock = new Object();
    private int created;
    private volatile boolean closed;

    PythonParsers(int size) {
        this.engine = Engine.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.size = size;
        this.idle = new LinkedBlockingDeque<>(size);
        try {
            Parser first = newParser();
            synchronized (lock) {
                created = 1;
            }
            idle.add(first);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Creates the contexts beyond the first, each made ready by {@code warm} before it is lent. Stops
     * quietly when the pool is closed meanwhile. Called by one thread at most.
     *
     * @throws RuntimeException if a context could not be created or warmed while the pool is open
     */
    void fill(Consumer<Parser> warm) {
        while (true) {
            synchronized (lock) {
                if (closed || created >= size) {
                    return;
                }
            }
            Parser p = null;
            try {
                p = newParser();
                warm.accept(p);
            } catch (RuntimeException e) {
                if (p != null) {
                    closeQuietly(p);
                }
                if (closed) {
                    return;
                }
                throw e;
            }
            synchronized (lock) {
                if (!closed) {
                    created++;
                    // At the cold end: the contexts already lent keep their place at the hot end.
                    idle.addLast(p);
                    continue;
                }
            }
            closeQuietly(p);
            return;
        }
    }

    private static void closeQuietly(Parser p) {
        try {
            p.context.close(true);
        } catch (RuntimeException e) {
            // Already closed with the engine.
        }
    }

    private Parser newParser() {
        Context context = Context.newBuilder("python")
                .engine(engine)
                .allowIO(IOAccess.NONE)
                .allowHostAccess(HostAccess.NONE)
                .allowHostClassLookup(name -> false)
                .allowNativeAccess(false)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowExperimentalOptions(false)
                .build();
        Value parse = context.eval(Source.create("python", SCRIPT));
        return new Parser(context, parse);
    }

    /** Waits up to {@code timeout} for a free context; null if none became free. */
    Parser borrow(Duration timeout) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("validator is closed");
        }
        return idle.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void release(Parser parser) {
        if (closed) {
            parser.context.close(true);
            return;
        }
        idle.addFirst(parser);
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        Parser p;
        while ((p = idle.poll()) != null) {
            p.context.close();
        }
        // Contexts still lent out are closed when returned; cancel them if the engine must go now.
        engine.close(true);
    }

    private static String loadScript() {
        try (InputStream in = PythonParsers.class.getResourceAsStream("faas_parse.py")) {
            if (in == null) {
                throw new IllegalStateException("faas_parse.py missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
