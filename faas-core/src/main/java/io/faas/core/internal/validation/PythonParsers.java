package io.faas.core.internal.validation;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of sandboxed GraalPy contexts sharing one {@link Engine}. Each context runs only
 * {@code ast.parse}; a context is used by one thread at a time.
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
    /** Used last-in first-out: under light load one context stays hot in the caches. */
    private final BlockingDeque<Parser> idle;
    private final List<Parser> all = new ArrayList<>();
    private volatile boolean closed;

    PythonParsers(int size) {
        this.engine = Engine.newBuilder("python")
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.idle = new LinkedBlockingDeque<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Parser p = newParser();
                all.add(p);
                idle.add(p);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
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
        closed = true;
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
