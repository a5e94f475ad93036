package io.faas.examples.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the distribution as a user would: the archive unpacked, its launcher through a symbolic link
 * from another directory, {@code java -jar faas-cli.jar} with and without the validator in
 * {@code lib/} beside it. The JVM's class-load log shows what each command loaded: GraalPy only for
 * {@code validate} and a checking {@code functions deploy}; Kafka, MongoDB and Spring never.
 */
class FaasCliJarIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String[] NEVER = {"org.apache.kafka", "com.mongodb", "org.springframework",
        "tools.jackson.databind", "java.net.http.HttpClient"};
    private static final String[] GRAALPY = {"org.graalvm", "com.oracle.truffle", "io.faas.core", "io.faas.validation"};
    private static final String HELLO = "def handler(event, context):\n    print(\"hello\", event[\"name\"])\n"
            + "    return {\"greeting\": \"Hello, \" + event[\"name\"]}\n";
    private static final String BROKEN = "def handler(event, context):\n    return undefined_name\n";
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The archive, unpacked once for the class. */
    @TempDir
    static Path unpacked;

    static Path home;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = TARGET.resolve("faas-cli-" + version() + ".tar.gz");
        assertThat(archive).exists();
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        home = unpacked.resolve("faas-cli-" + version());
    }

    /** The project's version, as the build wrote it into the module's jar name. */
    private static String version() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            String jar = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("faas-cli-\\d.*\\.jar") && !n.endsWith("-sources.jar") && !n.endsWith("-javadoc.jar"))
                    .findFirst().orElseThrow();
            return jar.substring("faas-cli-".length(), jar.length() - ".jar".length());
        }
    }

    /** One run of a command in a child process: its exit code, output and class-load log. */
    record Run(int code, String out, String err, String classes) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private Run run(Path workDir, Map<String, String> env, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Path classes = Files.createTempFile(dir, "classes", ".txt");
        List<String> full = new ArrayList<>(command);
        if (command.get(0).endsWith("java")) {
            full.add(1, "-Xlog:class+load=info:file=" + classes);
        }
        ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(environment(env, classes));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                Files.readString(classes));
    }

    private Map<String, String> environment(Map<String, String> env, Path classes) {
        Map<String, String> all = new HashMap<>();
        all.put("FAAS_CONFIG", dir.resolve("config").toString());
        all.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        all.put("JAVA_HOME", System.getProperty("java.home"));
        all.put("FAAS_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
        all.putAll(env);
        return all;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Map<String, String> remote(AdminApp app) {
        return Map.of("FAAS_URL", app.url, "FAAS_TOKEN", AdminApp.TOKEN);
    }

    private static String unique(String prefix) {
        return prefix + "-jar-" + NAMES.incrementAndGet();
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarAndTheValidator() throws Exception {
        assertThat(home.resolve("bin").resolve("faas")).isExecutable();
        assertThat(home.resolve("faas-cli.jar")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("faas-validation-")).anyMatch(n -> n.startsWith("python-language-"))
                    .noneMatch(n -> n.startsWith("kafka-clients-") || n.startsWith("mongodb-driver-"));
        }
    }

    @Test
    void shadedJarValidates() throws Exception {
        Path a = Files.writeString(dir.resolve("a.py"), "import sys\n");
        Path b = Files.writeString(dir.resolve("b.py"), "x = (1,\n");
        for (Path jar : List.of(TARGET.resolve("faas-cli.jar"), home.resolve("faas-cli.jar"))) {
            Run r = run(dir, Map.of(), List.of(java(), "-jar", jar.toString(), "validate", a.toString(), b.toString()));
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).isEqualTo(a + ":1:1: 'sys' imported but unused\n");
            assertThat(r.err()).isEqualTo(b + ":1:5: '(' was never closed\nx = (1,\n    ^\n");
        }
    }

    @Test
    void launcherRunsRemoteCommandsWithoutTheHeavyLibraries() throws Exception {
        AdminApp app = AdminApp.shared();
        Path launcher = TARGET.resolve("faas");
        assertThat(launcher).isExecutable();
        for (int run = 0; run < 2; run++) { // the first run writes the class-data archive, the second maps it
            Run r = run(dir, remote(app), List.of(launcher.toString(), "topics", "list", "-o", "json"));
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).startsWith("[");
            assertThat(r.classes()).contains("io.faas.examples.cli.TopicsCommand").doesNotContain(NEVER)
                    .doesNotContain(GRAALPY);
        }
        try (Stream<Path> archives = Files.list(dir.resolve("cache").resolve("faas"))) {
            assertThat(archives).singleElement().asString().endsWith(".jsa");
        }
    }

    /** The README's walk-through, through a link to the archive's launcher, from a directory of its own. */
    @Test
    void theWalkThroughRunsThroughALinkToTheLauncherFromAnyDirectory() throws Exception {
        AdminApp app = AdminApp.shared();
        Path bin = Files.createDirectories(dir.resolve("elsewhere").resolve("bin"));
        Path faas = Files.createSymbolicLink(bin.resolve("faas"), home.resolve("bin").resolve("faas"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("hello.py"), HELLO);
        String topic = unique("orders");
        String name = unique("hello");

        Run login = run(work, Map.of(), List.of(faas.toString(), "login", app.url, "--token", AdminApp.TOKEN));
        assertThat(login.code()).as(login.toString()).isZero();
        assertThat(login.out()).isEqualTo("Logged in to " + app.url + " as bootstrap (admin). Context 'localhost-"
                + app.port + "' is current.\n");
        assertThat(login.classes()).doesNotContain(NEVER).doesNotContain(GRAALPY);
        Run created = run(work, Map.of(), List.of(faas.toString(), "topics", "create", topic));
        assertThat(created.out()).isEqualTo("Created topic " + topic + " (1 partition, ordering KEY).\n");
        assertThat(created.classes()).doesNotContain(NEVER).doesNotContain(GRAALPY);

        Run deployed = run(work, Map.of(), List.of(faas.toString(), "functions", "deploy", name, "hello.py", "--topic", topic));
        assertThat(deployed.code()).as(deployed.toString()).isZero();
        assertThat(deployed.out()).isEqualTo("Deployed " + name + " version 1 (created).\n");
        assertThat(deployed.err()).isEmpty();
        assertThat(deployed.classes()).as("checked here, with the validator in lib/").contains("org.graalvm.polyglot")
                .doesNotContain(NEVER);

        Run published = run(work, Map.of(), List.of(faas.toString(), "publish", topic, "{\"name\":\"Ada\"}", "--wait", "30s"));
        assertThat(published.code()).as(published.toString()).isZero();
        assertThat(published.out()).matches("Published event [0-9a-f-]+ to " + topic + " \\(partition 0, offset 0\\)\\.\n"
                + "FUNCTION +VERSION +STATUS +DURATION +RESULT\n"
                + name + " +1 +SUCCEEDED +\\d+ms +\\{\"greeting\":\"Hello, Ada\"}\n");
        assertThat(published.classes()).doesNotContain(NEVER).doesNotContain(GRAALPY);

        Path out = dir.resolve("follow.txt");
        ProcessBuilder follow = new ProcessBuilder(faas.toString(), "logs", name, "--follow").directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("follow-err.txt").toFile());
        follow.environment().putAll(environment(Map.of(), dir.resolve("follow-classes.txt")));
        Process p = follow.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("  | hello Ada\n"));
            assertThat(Files.readString(out)).matches("\\S+Z " + name + " v1 SUCCEEDED \\d+ms \\{\"greeting\":\"Hello, Ada\"}\n"
                    + "  \\| hello Ada\n");
            Run more = run(work, Map.of(), List.of(faas.toString(), "publish", topic, "{\"name\":\"Grace\"}"));
            assertThat(more.out()).contains("to " + topic + " (partition 0, offset 1).");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("  | hello Grace\n"));
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(dir.resolve("follow-classes.txt"))).contains("io.faas.examples.cli.LogsCommand")
                .doesNotContain(NEVER).doesNotContain(GRAALPY);
    }

    @Test
    void aDeployWithTheValidatorChecksHereAndSendsNothingWhenTheCodeHasErrors() throws Exception {
        AdminApp app = AdminApp.shared();
        Path jar = home.resolve("faas-cli.jar");
        Path hello = Files.writeString(dir.resolve("hello.py"), HELLO);
        Path broken = Files.writeString(dir.resolve("broken.py"), BROKEN);
        String topic = unique("t");
        assertThat(run(dir, remote(app), List.of(java(), "-jar", jar.toString(), "topics", "create", topic)).code()).isZero();
        String name = unique("fn");
        Run created = run(dir, remote(app), List.of(java(), "-jar", jar.toString(), "functions", "deploy", name,
                hello.toString(), "--topic", topic));
        assertThat(created.code()).as(created.toString()).isZero();

        Run refused = run(dir, remote(app), List.of(java(), "-jar", jar.toString(), "functions", "deploy", name,
                broken.toString()));
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).startsWith(broken + ":2:12: undefined name 'undefined_name'\nfaas: not deployed: ");
        assertThat(refused.classes()).contains("org.graalvm.polyglot").doesNotContain(NEVER);

        Run noValidate = run(dir, remote(app), List.of(java(), "-jar", jar.toString(), "functions", "deploy", name,
                hello.toString(), "--no-validate"));
        assertThat(noValidate.code()).as(noValidate.toString()).isZero();
        assertThat(noValidate.out()).as("the refused one was never a version").isEqualTo("Deployed " + name
                + " version 2 (updated).\n");
        assertThat(noValidate.classes()).contains("io.faas.examples.cli.FunctionsCommand").doesNotContain(NEVER)
                .doesNotContain(GRAALPY);
    }

    @Test
    void theJarAloneDeploysWithoutGraalPyAndLeavesTheCheckToTheAdminApp() throws Exception {
        AdminApp app = AdminApp.shared();
        Path alone = Files.createDirectories(dir.resolve("alone"));
        Path jar = Files.copy(home.resolve("faas-cli.jar"), alone.resolve("faas-cli.jar"));
        Path hello = Files.writeString(dir.resolve("hello.py"), HELLO);
        Path broken = Files.writeString(dir.resolve("broken.py"), BROKEN);
        String topic = unique("t");
        assertThat(run(dir, remote(app), List.of(java(), "-jar", jar.toString(), "topics", "create", topic)).code()).isZero();
        String name = unique("fn");

        Run created = run(dir, remote(app), List.of(java(), "-jar", jar.toString(), "functions", "deploy", name,
                hello.toString(), "--topic", topic));
        assertThat(created.code()).as(created.toString()).isZero();
        assertThat(created.out()).isEqualTo("Deployed " + name + " version 1 (created).\n");
        assertThat(created.classes()).contains("io.faas.examples.cli.FunctionsCommand").doesNotContain(NEVER)
                .doesNotContain(GRAALPY);

        Run refused = run(dir, remote(app), List.of(java(), "-jar", jar.toString(), "functions", "deploy", name,
                broken.toString()));
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).startsWith(broken + ":2:12: undefined name 'undefined_name'\nfaas: ")
                .doesNotContain("local check");
        assertThat(refused.classes()).doesNotContain(GRAALPY);

        Run validate = run(dir, Map.of(), List.of(java(), "-jar", jar.toString(), "validate", hello.toString()));
        assertThat(validate.code()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo("faas: validate needs the validator's libraries in " + alone.resolve("lib")
                + ", which ship beside faas-cli.jar\n");
    }
}
