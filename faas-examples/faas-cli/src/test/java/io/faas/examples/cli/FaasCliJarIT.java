package io.faas.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the shaded jar as a user would: proves GraalPy's service files survived shading. */
class FaasCliJarIT {

    @TempDir
    Path dir;

    @Test
    void shadedJarValidates() throws Exception {
        Path jar = Path.of("target", "faas-cli.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path a = Files.writeString(dir.resolve("a.py"), "import sys\n");
        Path b = Files.writeString(dir.resolve("b.py"), "x = (1,\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "validate", a.toString(), b.toString())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("stderr: %s", err).isEqualTo(1);
        assertThat(out).isEqualTo(a + ":1:1: 'sys' imported but unused\n");
        assertThat(err).isEqualTo(b + ":1:5: '(' was never closed\nx = (1,\n    ^\n");
    }
}
