package io.faas.core.internal.packages;

import io.faas.api.ServiceUnavailableException;
import io.faas.core.internal.common.Directories;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Packages unpacked once each into a directory of a worker cache, {@code <root>/<digest>}: written
 * below a temporary name, made read-only (files 0444, directories 0555) and then renamed into place,
 * so a directory under its digest is always whole. Two versions with the same files share one
 * directory. Thread-safe; concurrent calls for one digest unpack it once.
 */
public final class PackageCache {

    private final Path root;
    private final Function<String, Optional<byte[]>> source;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param root   directory of the unpacked packages, created when needed
     * @param source the stored archive of a digest, empty if there is none
     */
    public PackageCache(Path root, Function<String, Optional<byte[]>> source) {
        this.root = root;
        this.source = source;
    }

    /**
     * The directory of the package {@code digest}, unpacked first if it is not yet.
     *
     * @throws ServiceUnavailableException if the package is not stored, does not match its digest,
     *                                     or cannot be written
     */
    public Path unpacked(String digest) {
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a package digest: " + digest);
        }
        Path dir = root.resolve(digest);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        synchronized (locks.computeIfAbsent(digest, d -> new Object())) {
            if (!Files.isDirectory(dir)) {
                unpack(digest, dir);
            }
            return dir;
        }
    }

    private void unpack(String digest, Path dir) {
        byte[] zip = source.apply(digest).orElseThrow(() -> new ServiceUnavailableException("package " + digest
                + " of the function is not stored"));
        PackageArchive archive = PackageArchive.readStored(zip);
        if (!archive.digest().equals(digest)) {
            throw new ServiceUnavailableException("stored package " + digest + " does not match its digest");
        }
        Path temp = null;
        try {
            Files.createDirectories(root);
            temp = Files.createTempDirectory(root, ".unpacking-");
            for (Map.Entry<String, byte[]> file : archive.files().entrySet()) {
                Path target = temp.resolve(file.getKey()).normalize();
                if (!target.startsWith(temp)) { // PackageArchive refuses such paths; never trust one place alone
                    throw new IOException("entry " + file.getKey() + " leaves the package");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            readOnly(temp);
            try {
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
                Directories.deleteRecursively(temp); // unpacked meanwhile by another cache on the same root
            }
            temp = null;
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot unpack package " + digest + " under " + root + ": "
                    + e.getMessage(), e);
        } finally {
            if (temp != null) {
                Directories.deleteRecursively(temp);
            }
        }
    }

    private static void readOnly(Path top) throws IOException {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
    }

}
