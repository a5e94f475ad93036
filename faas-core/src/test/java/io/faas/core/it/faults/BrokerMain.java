package io.faas.core.it.faults;

import io.faas.testkit.EmbeddedKafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The Kafka broker of the fault-injection suite in a JVM of its own, so a test can kill it with
 * -9 and start it again on the same log directory and port. Arguments: log directory, port.
 * Prints {@value Rig#READY} once it listens.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka.builder().logDir(Path.of(args[0])).port(Integer.parseInt(args[1]))
                .closeOnExit(false).build().start();
        Rig.ready();
        new CountDownLatch(1).await();
    }
}
