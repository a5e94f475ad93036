package io.faas.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code faas dev}: runs the packaged admin app ({@code faas-admin-app.jar}) in its development
 * mode, on embedded Kafka and MongoDB, in a child JVM whose output it prints; Ctrl+C (or an
 * interrupt of the calling thread) stops it.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Start an admin app for local development: embedded Kafka and MongoDB, data in ./faas-data,"
                + " listening on 127.0.0.1. Ctrl+C stops it.",
            "It runs faas-admin-app.jar: --admin-jar, else FAAS_ADMIN_JAR, else the one beside faas-cli.jar"
                + " (or in faas-examples/faas-admin-app/target of a source build)."})
final class DevCommand implements Callable<Integer> {

    static final String ADMIN_JAR = "faas-admin-app.jar";

    @Spec
    CommandSpec spec;

    @Option(names = "--admin-jar", paramLabel = "JAR", description = "The admin app's jar.")
    Path adminJar;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "HTTP port (default 8080).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "faas-data",
            description = "Where the embedded servers keep their data and the admin token (default ./faas-data).")
    Path dataDir;

    @Parameters(paramLabel = "ARG", arity = "0..*",
            description = "More arguments for the admin app, after --, e.g. -- --faas.dispatcher.concurrency=4")
    List<String> extra = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Path jar = adminJar();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--server.port=" + port,
                "--faas.embedded.data-dir=" + dataDir));
        command.addAll(extra);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Starting the admin app on http://localhost:%d/ from %s (Ctrl+C stops it). Once it is ready:%n"
                + "  faas login http://localhost:%d --token \"$(cat %s)\"%n", port, jar, port, dataDir.resolve("admin-token"));
        out.flush();
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread stopOnExit = new Thread(() -> stop(app), "faas-dev-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        Thread copy = new Thread(() -> copy(app, out), "faas-dev-output");
        copy.setDaemon(true);
        copy.start();
        try {
            int code = app.waitFor();
            copy.join(TimeUnit.SECONDS.toMillis(5));
            return code == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(app);
            return ExitCodes.OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    /** SIGTERM, which the app answers with a graceful stop (at most about 10 s), then SIGKILL. */
    private static void stop(Process app) {
        app.destroy();
        try {
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        } catch (InterruptedException e) {
            app.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Process app, PrintWriter out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                out.flush();
            }
        } catch (IOException e) {
            // the app is gone
        }
    }

    private Path adminJar() {
        if (adminJar != null) {
            return existing(adminJar, "--admin-jar");
        }
        String fromEnvironment = FaasCli.of(spec).environment().get("FAAS_ADMIN_JAR");
        if (fromEnvironment != null) {
            return existing(Path.of(fromEnvironment), "FAAS_ADMIN_JAR");
        }
        Path here = cliLocation().getParent();
        for (Path candidate : List.of(here.resolve(ADMIN_JAR),
                here.resolve("../../faas-admin-app/target/" + ADMIN_JAR).normalize())) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw CliException.usage("cannot find " + ADMIN_JAR + " beside the CLI (" + here + "): give it with"
                + " --admin-jar JAR or FAAS_ADMIN_JAR (build it with ./mvnw -pl faas-examples/faas-admin-app -am"
                + " package -DskipTests)");
    }

    private static Path existing(Path jar, String where) {
        if (!Files.isRegularFile(jar)) {
            throw CliException.usage(where + ": " + jar + ": No such file");
        }
        return jar.toAbsolutePath();
    }

    /** The jar (or classes directory) this class was loaded from. */
    static Path cliLocation() {
        try {
            return Path.of(DevCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
