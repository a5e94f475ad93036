package io.faas.testkit.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removes temporary directories. */
public final class Directories {
    private static final Logger log = LoggerFactory.getLogger(Directories.class);

    private Directories() {
    }

    /**
     * Deletes {@code dir} and everything under it. Failures are logged, not thrown: this runs on
     * close paths, where a leftover temp file must not hide the real outcome.
     *
     * @return whether the directory is gone
     */
    public static boolean deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return true;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
            return false;
        }
    }
}
