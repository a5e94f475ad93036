package io.faas.examples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the distribution as a user would: the shaded jar keeps GraalPy's service files, and the
 * {@code faas} launcher runs the remote commands without loading GraalPy, Kafka, MongoDB or Spring.
 */
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

    @Test
    void launcherRunsRemoteCommandsWithoutTheHeavyLibraries() throws Exception {
        AdminApp app = AdminApp.shared();
        Path launcher = Path.of("target", "faas").toAbsolutePath();
        assertThat(launcher).isExecutable();
        for (int run = 0; run < 2; run++) { // the first run writes the class-data archive, the second maps it
            ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "topics", "list", "-o", "json")
                    .redirectOutput(dir.resolve("out.txt").toFile())
                    .redirectError(dir.resolve("err.txt").toFile());
            pb.environment().put("FAAS_URL", app.url);
            pb.environment().put("FAAS_TOKEN", AdminApp.TOKEN);
            pb.environment().put("FAAS_CONFIG", dir.resolve("config").toString());
            pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
            pb.environment().put("FAAS_JAVA_OPTS", "-Xlog:class+load=info:file=" + dir.resolve("classes.txt"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("stderr: %s", err).isZero();
            assertThat(err).isEmpty();
            assertThat(Files.readString(dir.resolve("out.txt"))).startsWith("[");
            String classes = Files.readString(dir.resolve("classes.txt"));
            assertThat(classes).contains("io.faas.examples.cli.TopicsCommand")
                    .doesNotContain("org.graalvm", "com.oracle.truffle", "org.apache.kafka", "com.mongodb",
                            "org.springframework", "tools.jackson.databind", "io.faas.core", "java.net.http.HttpClient");
        }
        assertThat(Files.list(dir.resolve("cache").resolve("faas"))).singleElement().asString().endsWith(".jsa");
    }
}
