package io.faas.testkit.internal;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While an embedded broker runs, turns the broker's "exit/halt the JVM" calls (made by its fatal
 * fault handlers) into exceptions, so that a broken broker fails the test instead of killing
 * the test JVM. Counted: the JDK's behaviour comes back when the last broker stops.
 */
public final class KafkaExitGuard {
    private static final Logger log = LoggerFactory.getLogger(KafkaExitGuard.class);
    private static int holders;

    private KafkaExitGuard() {
    }

    /** Installs the guard (or counts one more holder). */
    public static synchronized void acquire() {
        if (holders++ == 0) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        }
    }

    /** Counts one holder less; the last one restores the JDK's exit and halt. */
    public static synchronized void release() {
        if (holders > 0 && --holders == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(String what, int status, String message) {
        log.error("the embedded Kafka broker asked to {} the JVM with status {}: {}", what, status, message);
        throw new IllegalStateException("embedded Kafka broker asked to " + what + " the JVM (status " + status
                + "): " + message);
    }
}
