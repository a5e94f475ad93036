package io.faas.core.internal.packages;

import io.faas.api.InvalidFunctionException;
import io.faas.api.PayloadTooLargeException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageArchiveTest {

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(System.currentTimeMillis() - e.getKey().length() * 1000L);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** The archive with the central directory's first entry marked as a Unix symbolic link. */
    static byte[] withSymlinkMode(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < zip.length - 4; at++) {
            if (b.getInt(at) == 0x02014b50) {
                b.put(at + 5, (byte) 3); // made by Unix
                b.putInt(at + 38, 0120777 << 16);
                return zip;
            }
        }
        throw new AssertionError("no central directory");
    }

    @Test
    void readsFilesInNameOrderAndTheDigestDependsOnContentOnly() {
        byte[] one = zip(files("b/mod.py", "X = 1\n", "a.py", "def handler(e, c):\n    return 1\n"));
        byte[] other = zip(files("a.py", "def handler(e, c):\n    return 1\n", "b/", "", "b/mod.py", "X = 1\n"));
        PackageArchive a = PackageArchive.read("f", one, 1 << 20);
        PackageArchive b = PackageArchive.read("f", other, 1 << 20);
        assertThat(a.files().keySet()).containsExactly("a.py", "b/mod.py");
        assertThat(a.digest()).isEqualTo(b.digest()).hasSize(64);
        assertThat(a.normalized()).isEqualTo(b.normalized());
        assertThat(PackageArchive.readStored(a.normalized()).digest()).isEqualTo(a.digest());
        assertThat(a.modulePath("b.mod")).contains("b/mod.py");
        assertThat(a.modulePath("c")).isEmpty();
        PackageArchive changed = PackageArchive.read("f", zip(files("a.py", "def handler(e, c):\n    return 2\n",
                "b/mod.py", "X = 1\n")), 1 << 20);
        assertThat(changed.digest()).isNotEqualTo(a.digest());
    }

    @Test
    void vendoredFilesAreThoseADistInfoRecordLists() {
        PackageArchive a = PackageArchive.read("f", zip(files("main.py", "x = 1\n",
                "lib/__init__.py", "y = 2\n", "lib-1.0.dist-info/RECORD", "lib/__init__.py,sha256=x,6\nlib-1.0.dist-info/RECORD,,\n")),
                1 << 20);
        assertThat(a.vendored()).contains("lib/__init__.py", "lib-1.0.dist-info/RECORD").doesNotContain("main.py");
    }

    @Test
    void refusesPathsThatLeaveThePackage() {
        for (String bad : new String[] {"../evil.py", "/etc/evil.py", "a/../../evil.py", "a\\evil.py", "a//b.py",
                "./a.py"}) {
            assertThatThrownBy(() -> PackageArchive.read("f", zip(files("ok.py", "x = 1\n", bad, "x = 1\n")), 1 << 20))
                    .as(bad).isInstanceOf(InvalidFunctionException.class)
                    .hasMessageContaining("not a clean relative path");
        }
    }

    @Test
    void refusesSymbolicLinks() {
        byte[] zip = withSymlinkMode(zip(files("link.py", "/etc/passwd", "ok.py", "x = 1\n")));
        assertThatThrownBy(() -> PackageArchive.read("f", zip, 1 << 20))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("'link.py' is a symbolic link");
    }

    @Test
    void stopsAZipBombAtTheUnpackedLimit() {
        byte[] zeros = new byte[20 * 1024 * 1024];
        byte[] bomb = zip(Map.of("main.py", "x = 1\n".getBytes(StandardCharsets.UTF_8), "zeros.bin", zeros));
        assertThat(bomb.length).isLessThan(100_000);
        assertThatThrownBy(() -> PackageArchive.read("f", bomb, 100_000))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("unpacked")
                .hasMessageContaining("over the limit of " + 100_000 * PackageArchive.MAX_EXPANSION + " bytes");
    }

    @Test
    void refusesArchivesOverTheLimitTooManyEntriesAndNonArchives() {
        byte[] zip = zip(files("main.py", "x = 1\n"));
        assertThatThrownBy(() -> PackageArchive.read("f", zip, zip.length - 1))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("package of function 'f'");
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= PackageArchive.MAX_ENTRIES; i++) {
            many.put("m" + i + ".py", new byte[0]);
        }
        assertThatThrownBy(() -> PackageArchive.read("f", zip(many), 10 << 20))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("over the limit of 10000");
        assertThatThrownBy(() -> PackageArchive.read("f", "def handler(e, c): pass".getBytes(StandardCharsets.UTF_8),
                1 << 20)).isInstanceOf(InvalidFunctionException.class).hasMessageContaining("not a zip archive");
        assertThatThrownBy(() -> PackageArchive.read("f", zip(files("data.txt", "x")), 1 << 20))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("no .py file");
        assertThatThrownBy(() -> PackageArchive.read("f", zip(files("a", "x", "a/b.py", "y")), 1 << 20))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("both a file and a directory");
    }

    @Test
    void refusesADamagedEntry() {
        byte[] zip = zip(files("main.py", "x = 1\n".repeat(50)));
        // the first local entry's data starts after its 30-byte header and the name
        zip[30 + "main.py".length() + 2] ^= 0x55;
        assertThatThrownBy(() -> PackageArchive.read("f", zip, 1 << 20))
                .isInstanceOf(InvalidFunctionException.class).hasMessageContaining("damaged");
    }
}
