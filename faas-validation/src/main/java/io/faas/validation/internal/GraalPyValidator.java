package io.faas.validation.internal;

import io.faas.api.Diagnostic;
import io.faas.api.PayloadTooLargeException;
import io.faas.core.PythonValidator;
import io.faas.core.ValidationReport;
import io.faas.validation.ValidatorSettings;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Validates Python sources with GraalPy's parser and a pyflakes-compatible checker written in Java.
 *
 * <p>GraalPy (interpreter-only on stock JDKs) parses the source in a sandboxed context (no I/O,
 * host access, threads, processes or native code); the tree is copied into Java and checked there,
 * because walking it in interpreted Python costs ten times more. Thread-safe.
 *
 * @since 0.1
 */
public final class GraalPyValidator implements PythonValidator {

    private static final Logger log = LoggerFactory.getLogger(GraalPyValidator.class);

    private static final String WARM_UP = String.join("\n",
            "import json",
            "from typing import Any, Dict, List",
            "",
            "THRESHOLD = 10",
            "",
            "",
            "def handler(event: Dict[str, Any], context) -> List[str]:",
            "    \"\"\"Doc.\"\"\"",
            "    out = []",
            "    for i, item in enumerate(event.get('items', [])):",
            "        if item['n'] > THRESHOLD and i % 2 == 0:",
            "            out.append(f\"{item['name']}:{i}\")",
            "    try:",
            "        total = sum(x for x in range(3))",
            "    except (ValueError, KeyError) as exc:",
            "        raise RuntimeError('bad %s' % exc) from exc",
            "    with open('x') as fh:",
            "        data = {'a': 1, 'b': [1, 2], 'c': lambda y: y * 2}",
            "    return [json.dumps(data), '{} {}'.format(total, fh), *out]",
            "");

    private final ValidatorSettings settings;
    private final Object lifecycle = new Object();
    private volatile PythonParsers parsers;
    private volatile boolean closed;
    private Thread filler;

    public GraalPyValidator(ValidatorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("validator is closed");
            }
            if (parsers != null) {
                return;
            }
            // The first engine of a JVM is mostly class loading: let a spare core share it.
            ClassPreloader.startOnce(PythonParsers.class.getClassLoader());
            PythonParsers created = new PythonParsers(settings.poolSize());
            try {
                // Warm the first context, and the Java checker, so the first upload is fast too.
                PythonParsers.Parser first = created.borrow(settings.acquireTimeout());
                try {
                    warm(first);
                } finally {
                    created.release(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                created.close();
                throw new IllegalStateException("interrupted while starting the validator", e);
            } catch (RuntimeException e) {
                created.close();
                throw e;
            }
            parsers = created;
            if (settings.poolSize() > 1) {
                // The other contexts join the pool as they become ready; validations need not wait.
                filler = new Thread(() -> fill(created), "faas-validator-start");
                filler.setDaemon(true);
                filler.start();
            }
        }
    }

    private static void warm(PythonParsers.Parser p) {
        for (int round = 0; round < 2; round++) {
            run(p, "warmup.py", WARM_UP, null);
        }
    }

    private static void fill(PythonParsers pool) {
        try {
            pool.fill(GraalPyValidator::warm);
        } catch (RuntimeException e) {
            log.warn("faas: the validator runs with fewer parser contexts than configured: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return parsers != null && !closed;
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            PythonParsers p = parsers;
            parsers = null;
            if (p != null) {
                p.close();
            }
            if (filler != null) {
                // Closing the engine cancelled whatever it was doing; it ends promptly.
                try {
                    filler.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                filler = null;
            }
        }
    }

    @Override
    public List<Diagnostic> validate(String fileName, String source) {
        return check(fileName, source).diagnostics();
    }

    @Override
    public List<Diagnostic> validateFunction(String fileName, String source, String handlerName) {
        Objects.requireNonNull(handlerName, "handlerName");
        return check(fileName, source, handlerName).diagnostics();
    }

    @Override
    public ValidationReport check(String fileName, String source) {
        return check(fileName, source, null);
    }

    private ValidationReport check(String fileName, String source, String handlerName) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(source, "source");
        long size = utf8Size(source, settings.maxSourceBytes());
        if (size > settings.maxSourceBytes()) {
            throw new PayloadTooLargeException("source of " + fileName, size, settings.maxSourceBytes());
        }
        PythonParsers p = parsers;
        if (p == null || closed) {
            throw new IllegalStateException("validator is not running: call start() first");
        }
        PythonParsers.Parser parser;
        try {
            parser = p.borrow(settings.acquireTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a parser", e);
        }
        if (parser == null) {
            throw new IllegalStateException("no parser became free within " + settings.acquireTimeout());
        }
        try {
            return run(parser, fileName, source, handlerName);
        } finally {
            p.release(parser);
        }
    }

    /** UTF-8 size of {@code s}, counting no further than just past {@code limit}. */
    static long utf8Size(String s, long limit) {
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
            if (n > limit) {
                // Exact size is only for the message; finish counting cheaply.
                return n + s.substring(i + 1).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private static ValidationReport run(PythonParsers.Parser parser, String fileName, String source,
                                        String handlerName) {
        SourceLines lines = new SourceLines(source);
        Value result;
        try {
            result = parser.parse.execute(source);
        } catch (PolyglotException e) {
            if (e.isCancelled()) {
                throw new IllegalStateException("validator was closed during validation", e);
            }
            throw new IllegalStateException("parser failed: " + e.getMessage(), e);
        }
        int status = result.getArrayElement(0).asInt();
        if (status != 0) {
            return SyntaxErrors.report(status, result, source, lines, parser.parse::execute);
        }
        AstReader reader = new AstReader(lines);
        PyNode module;
        try {
            module = reader.read(result.getArrayElement(1));
        } catch (StackOverflowError e) {
            return tooDeep();
        }
        ValidationReport newSyntax = SyntaxErrors.newerSyntax(module, source, lines);
        if (newSyntax != null) {
            return newSyntax;
        }
        FlakesChecker checker = new FlakesChecker(fileName, annotation -> parseAnnotation(parser, annotation),
                TypeComments.find(source));
        List<Diagnostic> out = new ArrayList<>();
        try {
            for (Finding f : checker.check(module)) {
                out.add(f.toDiagnostic());
            }
        } catch (StackOverflowError e) {
            return tooDeep();
        }
        if (handlerName != null) {
            HandlerContract.check(module, handlerName, out);
        }
        return new ValidationReport(ValidationReport.Outcome.CHECKED, out, null);
    }

    private static ValidationReport tooDeep() {
        return new ValidationReport(ValidationReport.Outcome.SYNTAX_ERROR,
                List.of(Diagnostic.error(1, 1, "source is too deeply nested to check")), null);
    }

    private static PyNode parseAnnotation(PythonParsers.Parser parser, String annotation) {
        Value r = parser.parse.execute(annotation);
        if (r.getArrayElement(0).asInt() != 0) {
            return null;
        }
        return new AstReader(new SourceLines(annotation)).read(r.getArrayElement(1));
    }
}
