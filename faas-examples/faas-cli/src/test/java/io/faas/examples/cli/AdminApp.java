package io.faas.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * One admin app for every IT of this JVM, started the way a developer starts one: {@code faas dev},
 * running the packaged admin app (embedded Kafka and MongoDB) in a child JVM. It stops with this
 * JVM (the dev command's shutdown hook).
 */
final class AdminApp {

    static final String TOKEN = "faas_cli-it-admin-token-0123456789";
    static final Path JAR = Path.of("..", "faas-admin-app", "target", "faas-admin-app.jar").toAbsolutePath().normalize();

    private static AdminApp shared;

    final int port;
    final String url;
    final Cli.Live output = new Cli.Live();

    private AdminApp(int port) {
        this.port = port;
        this.url = "http://localhost:" + port;
    }

    static synchronized AdminApp shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static AdminApp start() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build with -pl faas-examples/faas-cli -am");
        }
        try {
            Path dir = Files.createTempDirectory("faas-cli-it");
            AdminApp app = new AdminApp(freePort());
            Cli cli = new Cli(dir.resolve("config"));
            Thread dev = new Thread(() -> cli.runLive(app.output, app.output, "dev", "--admin-jar", JAR.toString(),
                    "--port", String.valueOf(app.port), "--data-dir", dir.resolve("data").toString(), "--",
                    "--faas.admin.security.bootstrap-token=" + TOKEN, "--faas.dispatcher.backoff.initial=50ms"),
                    "faas-dev");
            dev.setDaemon(true);
            dev.start();
            // The first start on a busy two-core machine has taken over a minute.
            await("the admin app at " + app.url).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!dev.isAlive()) {
                            throw new IllegalStateException("faas dev ended:\n" + app.output.text());
                        }
                        return healthy(app.url);
                    });
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean healthy(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url + "/actuator/health").openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
