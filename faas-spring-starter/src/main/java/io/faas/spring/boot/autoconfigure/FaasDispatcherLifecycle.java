package io.faas.spring.boot.autoconfigure;

import io.faas.api.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Runs the faas {@link Dispatcher} with the application context: started once every singleton is
 * ready and every {@code @FaasFunction} is registered, stopped gracefully on shutdown (it stops
 * reading, lets running invocations finish within the grace period, records and commits them;
 * what did not finish is redelivered by Kafka later).
 *
 * <p>Its phase is below the web server's, so the dispatcher starts before the server takes
 * requests and stops after the server stopped taking them.
 *
 * <p>A dispatcher cannot be started again once stopped: restarting the context needs a new
 * client. Thread-safe.
 *
 * @since 0.1
 */
public class FaasDispatcherLifecycle implements SmartLifecycle {

    /** Phase of this lifecycle: before the web server starts, after it stops. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(FaasDispatcherLifecycle.class);

    private final Dispatcher dispatcher;
    private final boolean autoStartup;
    private final Duration gracePeriod;

    public FaasDispatcherLifecycle(Dispatcher dispatcher, boolean autoStartup, Duration gracePeriod) {
        this.dispatcher = dispatcher;
        this.autoStartup = autoStartup;
        this.gracePeriod = gracePeriod;
    }

    @Override
    public void start() {
        if (!dispatcher.isRunning()) {
            dispatcher.start();
        }
    }

    @Override
    public void stop() {
        dispatcher.close(gracePeriod);
    }

    /** Stops on its own thread so that other lifecycles of the same phase stop in parallel. */
    @Override
    public void stop(Runnable callback) {
        Thread stopper = new Thread(() -> {
            try {
                long start = System.nanoTime();
                dispatcher.close(gracePeriod);
                log.info("faas dispatcher stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
            } finally {
                callback.run();
            }
        }, "faas-dispatcher-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public boolean isRunning() {
        return dispatcher.isRunning();
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
