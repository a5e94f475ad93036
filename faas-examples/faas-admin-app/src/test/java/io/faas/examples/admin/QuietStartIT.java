package io.faas.examples.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user sees on the first start in development mode: at most 30 lines up to the ready line,
 * one of them the WARN that says embedded servers run. The packaged jar runs in a JVM of its own
 * from an empty directory, so it logs with the app's real configuration (Boot's defaults at INFO
 * and {@code application.properties}), not with a test's.
 */
class QuietStartIT {

    private static final Path JAR = Path.of("target", "faas-admin-app.jar");
    private static final int MAX_LINES = 30;
    private static final String READY = "faas admin is ready at http://localhost:";

    @Test
    void theFirstStartWithEmbeddedServersPrintsAtMost30LinesAndWarnsOfDevelopmentMode(@TempDir Path dir)
            throws IOException, InterruptedException {
        assertThat(JAR).as("the jar that package builds before the integration tests").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process app = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString(), "--server.port=0")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> read(app, lines), "admin-app-output");
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> lines.stream().anyMatch(l -> l.contains(READY)) || !app.isAlive());
            List<String> start = upToReady(List.copyOf(lines));
            String shown = "\n" + String.join("\n", start);

            assertThat(start).as("the start did not end with the ready line:%s", shown).last().asString()
                    .contains(READY);
            assertThat(start).as("lines up to the ready line:%s", shown).hasSizeLessThanOrEqualTo(MAX_LINES);
            assertThat(start).as(shown)
                    .filteredOn(l -> l.contains(" WARN ") && l.contains("faas development mode:")).singleElement()
                    .asString().contains("faas.kafka.bootstrap-servers and faas.mongo.uri are not set",
                            "with data in " + dir.toRealPath().resolve("faas-data"));
            // no configuration dumps of the broker or of faas's clients, no index warnings of the server
            assertThat(shown).doesNotContain("Config values:", "not implemented", "AppInfoParser");
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> upToReady(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(READY)) {
                return lines.subList(0, i + 1);
            }
        }
        return lines;
    }

    private static void read(Process app, List<String> lines) {
        try (BufferedReader out = app.inputReader()) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
