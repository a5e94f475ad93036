package io.faas.core.it.faults;

import io.faas.testkit.EmbeddedKafka;
import io.faas.testkit.EmbeddedMongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One server of the fault-injection suite in a JVM of its own, so a test can kill it with -9 and
 * start it again on the same data and port: {@code kafka <log dir> <port>}, the Kafka broker, or
 * {@code mongo <H2 file> <port>}, the MongoDB-wire server (durable writes, the default). Prints
 * {@value Rig#READY} once it listens, then serves until killed.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "kafka" -> EmbeddedKafka.builder().logDir(data).port(port).closeOnExit(false).build().start();
            case "mongo" -> EmbeddedMongo.builder().h2File(data).port(port).closeOnExit(false).build().start();
            default -> throw new IllegalArgumentException("kafka or mongo: " + args[0]);
        }
        Rig.ready();
        new CountDownLatch(1).await();
    }
}
