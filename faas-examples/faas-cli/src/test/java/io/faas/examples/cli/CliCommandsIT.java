package io.faas.examples.cli;

import io.faas.examples.cli.Cli.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every command of the CLI against a running admin app, with the exit codes of its errors. */
class CliCommandsIT {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String HELLO = "def handler(event, context):\n    print('hello', event['name'])\n"
            + "    return {'greeting': 'Hello, ' + event['name']}\n";
    private static final String DIVIDE = "def handler(event, context):\n    return 1 / event['n']\n";
    private static final String BROKEN = "def handler(event, context):\n    return undefined_name\n";

    static AdminApp app;

    @TempDir
    Path dir;

    Cli cli;

    @BeforeAll
    static void app() {
        app = AdminApp.shared();
    }

    @BeforeEach
    void loggedIn() {
        cli = new Cli(dir.resolve("config"));
        Run login = cli.run("login", app.url, "--token", AdminApp.TOKEN);
        assertThat(login.code()).as(login.toString()).isZero();
    }

    static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    private Run ok(String... args) {
        Run r = cli.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private String topic() {
        String topic = unique("t");
        ok("topics", "create", topic);
        return topic;
    }

    @Test
    void loginSavesAContextOfMode600AndNeverPrintsTheToken() throws Exception {
        Path config = dir.resolve("config");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");
        Run login = ok("login", app.url, "--token", AdminApp.TOKEN, "--name", "other");
        assertThat(login.out()).contains("as bootstrap (admin)", "Context 'other' is current").doesNotContain(AdminApp.TOKEN);

        Run list = ok("context", "list");
        assertThat(list.out()).contains("localhost-" + app.port, "*        other").doesNotContain(AdminApp.TOKEN);
        List<?> contexts = (List<?>) Json.parse(ok("context", "list", "--output", "json").out());
        assertThat(contexts).hasSize(2);
        assertThat(contexts.stream().filter(c -> Boolean.TRUE.equals(Json.get(c, "current"))).map(c -> Json.text(c, "name")))
                .containsExactly("other");

        assertThat(ok("context", "use", "localhost-" + app.port).out()).contains("is current");
        assertThat(ok("topics", "list", "--context", "other").code()).isZero();
        assertThat(cli.run("context", "use", "nowhere").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("topics", "list", "--context", "nowhere").code()).isEqualTo(ExitCodes.NOT_FOUND);

        Run fromStdin = cli.runWithInput(AdminApp.TOKEN + "\n", "login", app.url, "--token", "-", "--name", "piped");
        assertThat(fromStdin.code()).as(fromStdin.toString()).isZero();
    }

    @Test
    void aWrongTokenMissingConfigOrUnreachableUrlExitThree() throws Exception {
        Cli fresh = new Cli(dir.resolve("fresh-config"));
        Run wrong = fresh.run("login", app.url, "--token", "faas_not-a-token-of-this-app-012345");
        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(wrong.err()).contains("refused the token").doesNotContain("faas_not-a-token", "Exception", "\tat ");
        assertThat(dir.resolve("fresh-config")).doesNotExist();

        Run none = fresh.run("topics", "list");
        assertThat(none.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(none.err()).contains("faas login");

        Run badEnvToken = fresh.with("FAAS_URL", app.url).with("FAAS_TOKEN", "faas_wrong-0123456789abcdef").run("topics", "list");
        assertThat(badEnvToken.code()).as(badEnvToken.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        Run envToken = fresh.with("FAAS_TOKEN", AdminApp.TOKEN).run("topics", "list");
        assertThat(envToken.code()).as(envToken.toString()).isZero();

        Run unreachable = new Cli(dir.resolve("c3")).with("FAAS_URL", "http://127.0.0.1:" + AdminApp.freePort())
                .with("FAAS_TOKEN", AdminApp.TOKEN).run("functions", "list");
        assertThat(unreachable.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).startsWith("faas: cannot reach the admin app at http://127.0.0.1:")
                .doesNotContain("Exception");
        assertThat(cli.run("login", "ftp://example.com", "--token", "x").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void topicsAreCreatedListedAsTableAndJsonAndDeleted() {
        String topic = unique("t");
        assertThat(ok("topics", "create", topic, "--partitions", "2", "--ordering", "none").out())
                .isEqualTo("Created topic " + topic + " (2 partitions, ordering NONE).\n");
        assertThat(ok("topics", "list").out()).containsPattern("(?m)^" + topic + " +2 +NONE *$");
        Object listed = ((List<?>) Json.parse(ok("topics", "list", "-o", "json").out())).stream()
                .filter(t -> topic.equals(Json.text(t, "name"))).findFirst().orElseThrow();
        assertThat(Json.get(listed, "partitions")).isEqualTo(2);
        assertThat(cli.run("topics", "create", topic).code()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.run("topics", "create", unique("t"), "--ordering", "sideways").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(ok("topics", "delete", topic).out()).isEqualTo("Deleted topic " + topic + ".\n");
        Run again = cli.run("topics", "delete", topic);
        assertThat(again.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(again.err()).isEqualTo("faas: topic '" + topic + "' does not exist\n");
        assertThat(cli.run("topics").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void deployPublishWaitVersionsRollbackDescribeAndDelete() throws Exception {
        String topic = topic();
        String name = unique("hello");
        Path hello = file("hello.py", HELLO);
        assertThat(ok("functions", "deploy", name, hello.toString(), "--topic", topic, "--timeout", "5s",
                "--env", "GREETING=hi", "--secret", "API_KEY=s3cret").out())
                .isEqualTo("Deployed " + name + " version 1 (created).\n");

        Run published = ok("publish", topic, "{\"name\":\"Ada\"}", "--wait", "30s");
        assertThat(published.out()).contains("Published event ").containsPattern(
                "(?m)^" + name + " +1 +SUCCEEDED +\\d+ms +\\{\"greeting\":\"Hello, Ada\"}$");

        Path divide = file("divide.py", DIVIDE);
        assertThat(ok("functions", "deploy", name, divide.toString(), "--max-attempts", "1").out())
                .isEqualTo("Deployed " + name + " version 2 (updated).\n");
        Run failed = cli.run("publish", topic, "{\"n\":0}", "--wait", "30s");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.out()).containsPattern("(?m)^" + name + " +2 +FAILED .*ZeroDivisionError: division by zero$");
        assertThat(failed.err()).isEqualTo("faas: not every invocation succeeded\n");

        List<?> versions = (List<?>) Json.parse(ok("functions", "versions", name, "-o", "json").out());
        assertThat(versions).hasSize(2);
        assertThat(Json.get(versions.get(1), "timeout")).as("kept on update").isEqualTo("PT5S");
        assertThat(Json.get(versions.get(1), "environment")).isEqualTo(Map.of("GREETING", "hi"));
        assertThat(ok("functions", "versions", name).out()).containsPattern("(?m)^\\* +2 ");

        assertThat(ok("functions", "rollback", name).out())
                .isEqualTo("Rolled back " + name + " to version 1: now version 3.\n");
        assertThat(ok("publish", topic, "{\"name\":\"Bo\"}", "--wait", "30s").out()).contains("Hello, Bo");
        assertThat(ok("functions", "rollback", name, "--to", "2").out()).contains("now version 4");
        assertThat(cli.run("functions", "rollback", name, "--to", "9").code()).isEqualTo(ExitCodes.NOT_FOUND);

        Object described = Json.parse(ok("functions", "describe", name, "-o", "json").out());
        assertThat(List.<Object>copyOf(Json.list(described, "versions"))).containsExactly(1, 2, 3, 4);
        assertThat(List.<Object>copyOf(Json.list(described, "secrets"))).containsExactly("API_KEY");
        assertThat(Json.get(described, "lastInvocationAt")).isNotNull();
        assertThat(Json.get(Json.get(described, "last24Hours"), "invocations")).isEqualTo(3);
        Run table = ok("functions", "describe", name);
        assertThat(table.out()).contains("3 invocations, 1 failed", "error rate 33.3%").doesNotContain("s3cret");

        assertThat(ok("functions", "list").out()).containsPattern("(?m)^" + name + " +4 +python +" + topic + " ");
        assertThat(((List<?>) Json.parse(ok("functions", "list", "-o", "json").out())).stream()
                .map(f -> Json.text(f, "name"))).contains(name);

        assertThat(ok("functions", "delete", name).out()).isEqualTo("Deleted function " + name + ".\n");
        Run gone = cli.run("functions", "describe", name);
        assertThat(gone.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(gone.err()).isEqualTo("faas: function '" + name + "' does not exist\n");
    }

    @Test
    void anUpdateKeepsTheSettingsDeployHasNoOptionFor() throws Exception {
        String topic = topic();
        String out = topic();
        String name = unique("kept");
        Path hello = file("kept.py", HELLO);
        ok("functions", "deploy", name, hello.toString(), "--topic", topic);
        // settings only the API sets: a filter, a concurrency limit, a destination, batches, a retention
        String body = "{\"runtime\":\"python\",\"source\":" + Json.write(HELLO) + ",\"subscriptions\":[{\"topic\":\""
                + topic + "\",\"filter\":{\"name\":[\"Ada\"]}}],\"maxConcurrency\":3,\"onSuccess\":\"" + out
                + "\",\"batchSize\":1,\"ledgerRetention\":\"P90D\"}";
        putFunction(name, body);

        ok("functions", "deploy", name, hello.toString(), "--timeout", "7s");
        Object described = Json.parse(ok("functions", "describe", name, "-o", "json").out());
        assertThat(Json.text(described, "version")).isEqualTo("3");
        assertThat(Json.text(described, "timeout")).isEqualTo("PT7S");
        assertThat(Json.text(described, "maxConcurrency")).isEqualTo("3");
        assertThat(Json.text(described, "onSuccess")).isEqualTo(out);
        assertThat(Json.text(described, "ledgerRetention")).isEqualTo("PT2160H");
        assertThat(Json.text(described, "subscriptions")).contains("\"Ada\"");
    }

    /** A PUT of the function straight to the API, for what the CLI has no option for. */
    private static void putFunction(String name, String body) throws Exception {
        java.net.http.HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url + "/api/functions/" + name))
                        .header("Authorization", "Bearer " + AdminApp.TOKEN).header("Content-Type", "application/json")
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    @Test
    void aReplayIsStartedFollowedToDoneAndItsRecordsListed() throws Exception {
        String topic = topic();
        String name = unique("again");
        ok("functions", "deploy", name, file("again.py", HELLO).toString(), "--topic", topic);
        ok("publish", topic, "{\"name\":\"Ada\"}", "--wait", "30s");
        ok("publish", topic, "{\"name\":\"Grace\"}", "--wait", "30s");

        Run followed = ok("replays", "start", topic, name, "--name", "twice", "--from-offset", "0", "--follow");
        assertThat(followed.out()).contains("[####################] 100%  2/2 events, 0 failed")
                .containsPattern("Replay [0-9a-f-]+ DONE\\.");
        Object replays = Json.parse(ok("replays", "list", "-o", "json").out());
        Object replay = ((java.util.List<?>) replays).get(0);
        assertThat(Json.text(replay, "name")).isEqualTo("twice");
        String id = Json.text(replay, "id");
        assertThat(ok("replays", "invocations", id).out()).contains(id + ":").contains("Hello, Ada").contains("Hello, Grace");
        assertThat(ok("replays", "get", id).out()).contains("2/2 events");
        assertThat(cli.run("replays", "get", "no-such-replay").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("replays", "start", topic, name, "--name", "x", "--from", "yesterday").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("replays", "start", topic, name, "--name", "x", "--from-offset", "0", "--since", "1h").code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anAliasIsSetRunByATopicComparedWithItsShadowMovedBackAndDeleted() throws Exception {
        String topic = topic();
        String name = unique("aliased");
        ok("functions", "deploy", name, file("v1.py", HELLO).toString(), "--topic", topic);
        ok("functions", "deploy", name, file("v2.py", HELLO.replace("Hello, ", "Hi, ")).toString());

        assertThat(ok("aliases", "set", name, "live", "--to", "1", "--shadow", "2").out())
                .contains("live of " + name + " runs v1, shadow v2.");
        assertThat(ok("aliases", "set", name, "beta", "--to", "2", "--canary", "1", "--weight", "10").out())
                .contains("runs v2 90% · v1 10%");
        Object listed = Json.parse(ok("aliases", "list", name, "-o", "json").out());
        assertThat((java.util.List<?>) listed).hasSize(2);
        assertThat(ok("aliases", "list", name).out()).contains("ALIAS", "live", "v1", "v2");

        // the topic runs live: a PUT of the subscription's alias, as the function page does
        String body = "{\"runtime\":\"python\",\"source\":" + Json.write(HELLO) + ",\"subscriptions\":[{\"topic\":\""
                + topic + "\",\"alias\":\"live\"}]}";
        putFunction(name, body);
        assertThat(ok("publish", topic, "{\"name\":\"Ada\"}", "--wait", "30s").out()).contains("Hello, Ada");
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> Json.text(
                Json.parse(ok("aliases", "compare", name, "live", "-o", "json").out()), "compared").equals("1"));
        assertThat(ok("aliases", "compare", name, "live").out())
                .contains("1 event compared, 0 the same, 1 different", "Hi, Ada", "Hello, Ada");

        // a deploy without --topic keeps the topic's alias
        ok("functions", "deploy", name, file("v4.py", HELLO).toString());
        assertThat(Json.text(Json.parse(ok("functions", "describe", name, "-o", "json").out()), "subscriptions"))
                .contains("\"alias\":\"live\"");
        assertThat(ok("aliases", "set", name, "live", "--to", "2").out()).contains("runs v2.");
        assertThat(cli.run("aliases", "delete", name, "live").code()).as("a topic runs it").isEqualTo(ExitCodes.FAILED);
        assertThat(ok("aliases", "delete", name, "beta").out()).contains("Deleted alias beta");
        assertThat(cli.run("aliases", "set", name, "live", "--to", "9").code()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.run("aliases", "set", name, "live", "--to", "1", "--canary", "2").code())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("aliases", "list", unique("nobody")).code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void deployErrorsSayWhatToChange() throws Exception {
        String topic = topic();
        Path broken = file("broken.py", "def handler(event, context):\n    return undefined_name\n");
        Run invalid = cli.run("functions", "deploy", unique("fn"), broken.toString(), "--topic", topic);
        assertThat(invalid.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(invalid.err()).startsWith(broken + ":2:12: undefined name 'undefined_name'\nfaas: ");

        Path pkg = Files.createDirectories(dir.resolve("pkg"));
        Files.writeString(pkg.resolve("main.py"), HELLO);
        Run noHandler = cli.run("functions", "deploy", unique("fn"), pkg.toString(), "--topic", topic);
        assertThat(noHandler.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noHandler.err()).isEqualTo("faas: " + pkg + " is a package: give its --handler as"
                + " module.function, such as main.handler\n");
        Files.createSymbolicLink(pkg.resolve("passwd"), Path.of("/etc/passwd"));
        Run link = cli.run("functions", "deploy", unique("fn"), pkg.toString(), "--topic", topic, "--handler",
                "main.handler");
        assertThat(link.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(link.err()).contains("is a symbolic link");
        assertThat(cli.run("functions", "deploy", unique("fn"), dir.resolve("missing.py").toString(), "--topic", topic)
                .code()).isEqualTo(ExitCodes.USAGE);
        Path hello = file("hello.py", HELLO);
        assertThat(cli.run("functions", "deploy", unique("fn"), hello.toString()).err()).contains("give its --topic");
        assertThat(cli.run("functions", "deploy", unique("fn"), hello.toString(), "--topic", "no-such-topic").code())
                .isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("functions", "deploy", unique("fn"), hello.toString(), "--topic", topic, "--timeout", "soon")
                .code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aDirectoryIsDeployedAsAPackage() throws Exception {
        String topic = topic();
        String name = unique("pkg");
        Path pkg = Files.createDirectories(dir.resolve("greeter/app"));
        Files.writeString(pkg.resolve("__init__.py"), "");
        Files.writeString(pkg.resolve("main.py"), "from app.words import HELLO\n"
                + "def handler(event, context):\n    return HELLO + ', ' + event['name']\n");
        Files.writeString(pkg.resolve("words.py"), "HELLO = 'Hello'\n");
        Files.createDirectories(pkg.resolve("__pycache__"));
        Files.writeString(pkg.resolve("__pycache__/main.cpython-311.pyc"), "not Python");
        assertThat(ok("functions", "deploy", name, dir.resolve("greeter").toString(), "--topic", topic,
                "--handler", "app.main.handler").out()).isEqualTo("Deployed " + name + " version 1 (created).\n");
        assertThat(ok("publish", topic, "{\"name\":\"Ada\"}", "--wait", "30s").out())
                .containsPattern("(?m)^" + name + " +1 +SUCCEEDED +\\d+ms +\"Hello, Ada\"$");
        // an update keeps the handler; the server refuses a broken module and names it
        Files.writeString(pkg.resolve("words.py"), "HELLO = (\n");
        Run broken = cli.run("functions", "deploy", name, dir.resolve("greeter").toString());
        assertThat(broken.code()).as(broken.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(broken.err()).contains("app/words.py: ");
    }

    /** The versions the admin app holds of a function, oldest first. */
    private List<Object> versions(String name) {
        return ((List<?>) Json.parse(ok("functions", "versions", name, "-o", "json").out())).stream()
                .map(v -> Json.get(v, "version")).toList();
    }

    /** A CLI whose admin app cannot be reached: a command that gets past its local checks exits 3. */
    private Cli unreachable() throws Exception {
        return new Cli(dir.resolve("unreachable-config")).with("FAAS_URL", "http://127.0.0.1:" + AdminApp.freePort())
                .with("FAAS_TOKEN", AdminApp.TOKEN);
    }

    /** What {@code faas validate [--handler H] FILE} prints, standard output then standard error. */
    private String validatePrints(Path file, String handler) {
        Run validate = cli.run("validate", "--handler", handler, file.toString());
        assertThat(validate.code()).as(validate.toString()).isEqualTo(ExitCodes.FAILED);
        return validate.out() + validate.err();
    }

    private static String notDeployed(Path file, int errors) {
        return "faas: not deployed: " + file + " has " + errors + (errors == 1 ? " error" : " errors")
                + " (found by the local check; --no-validate leaves the check to the admin app)\n";
    }

    @Test
    void deployChecksTheCodeHereFirstAndSendsNothingWhenItHasErrors() throws Exception {
        String topic = topic();
        String name = unique("checked");
        ok("functions", "deploy", name, file("hello.py", HELLO).toString(), "--topic", topic);

        Path broken = file("broken.py", BROKEN);
        Run refused = cli.run("functions", "deploy", name, broken.toString());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo(broken + ":2:12: undefined name 'undefined_name'\n" + notDeployed(broken, 1))
                .startsWith(validatePrints(broken, "handler"));
        assertThat(versions(name)).as("the admin app never saw it").containsExactly(1);

        // A syntax error as faas validate prints it: the line and a caret.
        Path syntax = file("syntax.py", "def handler(event, context):\n    return (1,\n");
        Run unparsable = cli.run("functions", "deploy", name, syntax.toString());
        assertThat(unparsable.code()).as(unparsable.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(unparsable.err()).isEqualTo(validatePrints(syntax, "handler") + notDeployed(syntax, 1))
                .contains("^\n");
        assertThat(versions(name)).containsExactly(1);

        // Checked before the admin app is contacted: one that cannot be reached is never noticed (exit 1, not 3).
        String other = unique("never");
        Run offline = unreachable().run("functions", "deploy", other, broken.toString(), "--topic", topic);
        assertThat(offline.code()).as(offline.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(offline.err()).isEqualTo(refused.err());
        assertThat(cli.run("functions", "describe", other).code()).isEqualTo(ExitCodes.NOT_FOUND);
        Run clean = unreachable().run("functions", "deploy", other, file("hello.py", HELLO).toString(), "--topic", topic);
        assertThat(clean.code()).as("clean code goes on to the app: " + clean).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void warningsAreShownAndTheCodeIsDeployed() throws Exception {
        String topic = topic();
        String name = unique("warned");
        Path warned = file("warned.py", "import os\n\n\ndef handler(event, context):\n    return {'unused': 'os'}\n");
        Run deployed = cli.run("functions", "deploy", name, warned.toString(), "--topic", topic);
        assertThat(deployed.code()).as(deployed.toString()).isZero();
        assertThat(deployed.out()).isEqualTo("Deployed " + name + " version 1 (created).\n");
        assertThat(deployed.err()).isEqualTo(warned + ":1:1: 'os' imported but unused\n")
                .isEqualTo(validatePrints(warned, "handler"));
        assertThat(ok("publish", topic, "{}", "--wait", "30s").out())
                .containsPattern("(?m)^" + name + " +1 +SUCCEEDED .*\\{\"unused\":\"os\"}$");
    }

    @Test
    void noValidateLeavesTheCheckToTheAdminApp() throws Exception {
        String topic = topic();
        String name = unique("unchecked");
        ok("functions", "deploy", name, file("hello.py", HELLO).toString(), "--topic", topic, "--no-validate");
        Path broken = file("broken.py", BROKEN);
        Run refused = cli.run("functions", "deploy", name, broken.toString(), "--no-validate");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
        // The admin app's diagnostics, in the same format, and its refusal rather than the local check's.
        assertThat(refused.err()).startsWith(broken + ":2:12: undefined name 'undefined_name'\nfaas: ")
                .contains("undefined name 'undefined_name'\n").doesNotContain("local check");
        assertThat(refused.err().lines()).hasSize(2);
        assertThat(versions(name)).containsExactly(1);

        Run sent = unreachable().run("functions", "deploy", name, broken.toString(), "--no-validate");
        assertThat(sent.code()).as("not checked here: " + sent).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void theHandlerMustExistTheGivenOneOrTheOneAFunctionKeeps() throws Exception {
        String topic = topic();
        String name = unique("main");
        Path main = file("main.py", "def main(event, context):\n    return {'from': 'main'}\n");
        Run missing = cli.run("functions", "deploy", name, main.toString(), "--topic", topic);
        assertThat(missing.code()).as(missing.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).isEqualTo(main + ":1:1: handler function 'handler' is not defined\n"
                + notDeployed(main, 1)).startsWith(validatePrints(main, "handler"));
        assertThat(cli.run("functions", "describe", name).code()).as("never created").isEqualTo(ExitCodes.NOT_FOUND);

        assertThat(ok("functions", "deploy", name, main.toString(), "--topic", topic, "--handler", "main").out())
                .isEqualTo("Deployed " + name + " version 1 (created).\n");
        assertThat(ok("functions", "deploy", name, main.toString()).out()).as("keeps handler main")
                .isEqualTo("Deployed " + name + " version 2 (updated).\n");
        Path hello = file("hello.py", HELLO);
        Run kept = cli.run("functions", "deploy", name, hello.toString());
        assertThat(kept.code()).as(kept.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(kept.err()).isEqualTo(hello + ":1:1: handler function 'main' is not defined\n" + notDeployed(hello, 1));
        assertThat(versions(name)).containsExactly(1, 2);

        // A handler given on the command line is checked before the admin app is contacted.
        Run offline = unreachable().run("functions", "deploy", unique("fn"), hello.toString(), "--topic", topic,
                "--handler", "nope");
        assertThat(offline.code()).as(offline.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(offline.err()).startsWith(hello + ":1:1: handler function 'nope' is not defined\n");
    }

    @Test
    void publishReadsFilesAndStandardInputAndRefusesBadJson() throws Exception {
        String topic = topic();
        String name = unique("hello");
        ok("functions", "deploy", name, file("hello.py", HELLO).toString(), "--topic", topic);

        Run receipt = ok("publish", topic, "@" + file("event.json", "{\"name\": \"File\"}"), "--key", "k1");
        assertThat(receipt.out()).matches("Published event [0-9a-f-]+ to " + topic + " \\(partition \\d+, offset \\d+\\)\\.\n");
        Object awaited = Json.parse(cli.runWithInput("{\"name\":\"Stdin\"}", "publish", topic, "-", "--wait", "30s", "-o",
                "json").out());
        assertThat(Json.get(awaited, "complete")).isEqualTo(true);
        assertThat(Json.get(Json.get(Json.list(awaited, "invocations").get(0), "result"), "greeting"))
                .isEqualTo("Hello, Stdin");

        Run bad = cli.run("publish", topic, "{\"name\":");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("faas: the event is not valid JSON: ").contains("line 1, column");
        assertThat(cli.run("publish", topic, "{} trailing").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("publish", topic, "@" + dir.resolve("nope.json")).code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("publish", unique("no-topic"), "{}").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(cli.run("publish", topic, "{}", "--wait", "forever").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void invocationsAreListedShownAndRedriven() throws Exception {
        String topic = topic();
        String name = unique("div");
        ok("functions", "deploy", name, file("divide.py", DIVIDE).toString(), "--topic", topic, "--max-attempts", "1");
        assertThat(cli.run("publish", topic, "{\"n\":0}", "--wait", "30s").code()).isEqualTo(ExitCodes.FAILED);
        ok("publish", topic, "{\"n\":4}", "--wait", "30s");

        List<?> failed = (List<?>) Json.parse(ok("invocations", "list", "--function", name, "--status", "failed",
                "--since", "10m", "-o", "json").out());
        assertThat(failed).hasSize(1);
        String id = Json.text(failed.get(0), "id");
        assertThat(ok("invocations", "list", "--topic", topic, "--limit", "5").out())
                .containsPattern("(?m)^" + id + " .* FAILED .*ZeroDivisionError")
                .contains("SUCCEEDED", "0.25");

        Run shown = ok("invocations", "get", id);
        assertThat(shown.out()).contains("status      FAILED", "traceback:", "  | ZeroDivisionError: division by zero");
        assertThat(Json.get(Json.parse(ok("invocations", "get", id, "-o", "json").out()), "status")).isEqualTo("FAILED");

        assertThat(ok("invocations", "redrive", id).out()).isEqualTo("Redriving invocation " + id + " of " + name
                + " (now RUNNING).\n");
        await().atMost(Duration.ofSeconds(60)).until(() ->
                !"RUNNING".equals(Json.get(Json.parse(ok("invocations", "get", id, "-o", "json").out()), "status")));
        assertThat(cli.run("invocations", "get", "no-such-id").code()).isEqualTo(ExitCodes.NOT_FOUND);
        String succeeded = Json.text(((List<?>) Json.parse(ok("invocations", "list", "--function", name, "--status",
                "SUCCEEDED", "-o", "json").out())).get(0), "id");
        assertThat(cli.run("invocations", "redrive", succeeded).code()).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void logsShowInvocationsWithTheirLinesAndFollowNewOnes() throws Exception {
        String topic = topic();
        String name = unique("hello");
        ok("functions", "deploy", name, file("hello.py", HELLO).toString(), "--topic", topic);
        ok("publish", topic, "{\"name\":\"First\"}", "--wait", "30s");

        assertThat(ok("logs", name, "--since", "10m").out()).containsPattern(
                "(?m)^\\S+Z " + name + " v1 SUCCEEDED \\d+ms \\{\"greeting\":\"Hello, First\"}\n  \\| hello First$");
        assertThat(cli.run("logs", unique("nobody")).code()).isEqualTo(ExitCodes.NOT_FOUND);

        Cli.Live out = new Cli.Live();
        Cli.Live err = new Cli.Live();
        int[] code = {-1};
        Thread follow = new Thread(() -> code[0] = cli.runLive(out, err, "logs", name, "--follow"));
        follow.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> out.text().contains("Hello, First"));
        ok("publish", topic, "{\"name\":\"Second\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> out.text().contains("  | hello Second"));
        follow.interrupt();
        follow.join(Duration.ofSeconds(30).toMillis());
        assertThat(follow.isAlive()).isFalse();
        assertThat(code[0]).as(err.text()).isZero();
        assertThat(out.text().split("Hello, First", -1)).as("each invocation once").hasSize(2);
    }

    @Test
    void completionScriptsNameEveryCommand() {
        String bash = ok("completion", "bash").out();
        assertThat(bash).contains("complete -F _complete_faas", "functions", "invocations", "rollback", "--output");
        assertThat(ok("completion", "zsh").out()).contains("bashcompinit");
        assertThat(cli.run("completion", "fish").code()).isEqualTo(ExitCodes.USAGE);
    }
}
