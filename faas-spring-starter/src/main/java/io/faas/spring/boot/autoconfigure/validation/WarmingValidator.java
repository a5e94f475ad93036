package io.faas.spring.boot.autoconfigure.validation;

import io.faas.api.CodeValidator;
import io.faas.api.Diagnostic;
import io.faas.core.PythonValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.util.List;

/**
 * A {@link PythonValidator} that warms up in the background once the application is ready, so
 * that the interpreter start-up (seconds) neither delays the start nor competes with it for CPU.
 * A validation that comes first starts it on the caller's thread instead. Thread-safe.
 */
final class WarmingValidator implements CodeValidator, ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmingValidator.class);

    private final PythonValidator validator;
    private volatile boolean closed;
    private Thread warming;

    WarmingValidator(PythonValidator validator) {
        this.validator = validator;
    }

    @Override
    public List<Diagnostic> validate(String fileName, String source) {
        ensureStarted();
        return validator.validate(fileName, source);
    }

    @Override
    public List<Diagnostic> validateFunction(String fileName, String source, String handlerName) {
        ensureStarted();
        return validator.validateFunction(fileName, source, handlerName);
    }

    private synchronized void ensureStarted() {
        if (closed) {
            throw new IllegalStateException("the code validator was closed");
        }
        if (!validator.isRunning()) {
            long start = System.nanoTime();
            validator.start();
            log.info("faas: Python code validator ready in {} ms", (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** Warms up on a thread of its own. */
    @Override
    public synchronized void onApplicationEvent(ApplicationReadyEvent event) {
        if (warming != null || closed) {
            return;
        }
        warming = new Thread(() -> {
            try {
                ensureStarted();
            } catch (RuntimeException e) {
                log.warn("faas: the Python code validator did not start; it will be tried again when code is"
                        + " validated: {}", e.toString());
            }
        }, "faas-validator-warmup");
        warming.setDaemon(true);
        warming.start();
    }

    @Override
    public void close() {
        closed = true;
        validator.close();
    }
}
