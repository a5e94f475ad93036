package io.faas.testkit;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An {@link EmbeddedMongo} on an H2 file in a JVM of its own, so a test can kill it with -9.
 * Arguments: the file, then {@code sync} or {@code nosync}. Prints {@code port=N} once it listens,
 * then serves until killed.
 */
public final class MongoServerProcess {
    private MongoServerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        long start = System.nanoTime();
        EmbeddedMongo mongo = EmbeddedMongo.builder().h2File(Path.of(args[0]))
                .syncWrites(!"nosync".equals(args[1])).closeOnExit(false).build().start();
        System.out.println("port=" + mongo.port() + " startMillis=" + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
