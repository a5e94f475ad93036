package io.faas.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A directory as a function package: its regular files in a zip archive, by their paths below the
 * directory, without Python's caches ({@code __pycache__}, {@code *.pyc}) or hidden entries
 * ({@code .git}, {@code .venv}). A symbolic link is refused, as the admin app would refuse it.
 */
final class PackageZip {

    private PackageZip() {
    }

    static byte[] of(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out); Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
            for (Path p : paths) {
                Path relative = dir.relativize(p);
                if (skipped(relative)) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    throw CliException.usage(p + " is a symbolic link: a package holds regular files only");
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    zip.putNextEntry(new ZipEntry(relative.toString().replace(java.io.File.separatorChar, '/')));
                    Files.copy(p, zip);
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw CliException.usage("cannot read " + dir + ": " + e.getMessage());
        }
        return out.toByteArray();
    }

    private static boolean skipped(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.equals("__pycache__")) {
                return true;
            }
        }
        return relative.toString().endsWith(".pyc");
    }
}
