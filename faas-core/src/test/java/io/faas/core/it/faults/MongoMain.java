package io.faas.core.it.faults;

import io.faas.testkit.EmbeddedMongo;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The MongoDB-wire server of the fault-injection suite (H2 file, durable writes, the default) in a
 * JVM of its own, so a test can kill it with -9 and start it again on the same file and port.
 * Arguments: H2 file, port. Prints {@value Rig#READY} once it listens.
 */
public final class MongoMain {
    private MongoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongo.builder().h2File(Path.of(args[0])).port(Integer.parseInt(args[1]))
                .closeOnExit(false).build().start();
        Rig.ready();
        new CountDownLatch(1).await();
    }
}
