package io.faas.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Map;

import static io.faas.examples.cli.AdminClient.segment;

/** {@code faas functions deploy|list|describe|versions|rollback|delete}: {@code /api/functions}. */
@Command(name = "functions", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Deploy Python functions, list and describe them, roll them back, delete them.")
final class FunctionsCommand extends Options.Noun {

    /** The handler a function gets when it is created without {@code --handler} (the admin app's default). */
    static final String DEFAULT_HANDLER = "handler";

    @Command(name = "deploy", mixinStandardHelpOptions = true,
            description = {"Create a Python function, or update it (a new version), from one source file, or from"
                    + " a directory sent as a package (its handler is module.function, e.g. --handler main.handler;"
                    + " a requirements.txt in it is installed by the admin app).",
                "When the validator ships beside the CLI (lib/), the code is checked here first, as faas validate"
                    + " --handler checks it: errors are printed (FILE:LINE:COL: MESSAGE) and nothing is deployed;"
                    + " warnings are printed and the code is deployed.",
                "The admin app checks the code too and refuses it with its diagnostics, printed the same way.",
                "On an update, options left out keep their values."})
    int deploy(@Parameters(index = "0", paramLabel = "NAME", description = "The function's name.") String name,
               @Parameters(index = "1", paramLabel = "FILE", description = "Its Python source file, or a directory:"
                       + " a package.") Path file,
               @Option(names = "--topic", paramLabel = "TOPIC",
                       description = "A topic that triggers it; repeat for several. Needed to create one.")
               List<String> topics,
               @Option(names = "--handler", paramLabel = "NAME",
                       description = "The function in FILE to call (default: handler); for a directory,"
                               + " module.function.") String handler,
               @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
                       description = "Longest run of one attempt, e.g. 5s.") Duration timeout,
               @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before it fails for good.")
               Integer maxAttempts,
               @Option(names = "--env", paramLabel = "NAME=VALUE",
                       description = "An environment variable; repeat for several. Replaces all of them.")
               Map<String, String> environment,
               @Option(names = "--secret", paramLabel = "NAME=VALUE",
                       description = "A secret (never shown again); repeat for several. Others keep their values.")
               Map<String, String> secrets,
               @Option(names = "--no-validate",
                       description = "Skip the local check (it starts GraalPy, which takes seconds): only the admin app checks.")
               boolean noValidate,
               @Mixin Options.Target target) {
        boolean isPackage = Files.isDirectory(file);
        // A package's every module is checked by the admin app, which knows which are vendored.
        byte[] zip = isPackage ? PackageZip.of(file) : null;
        String source = isPackage ? null : source(file);
        PrintWriter err = spec.commandLine().getErr();
        // Diagnostics go to standard error, as the admin app's do: standard output is the deploy's result.
        try (SourceCheck check = noValidate || isPackage ? null
                : ValidatorLibraries.sourceCheck(err, err).orElse(null)) {
            if (check != null) {
                // The code before anything is sent; the handler too when it is known without asking the app.
                refuseErrors(file, check.check(file.toString(), source, handler));
            }
            AdminClient client = target.client();
            String path = "/api/functions/" + segment(name);
            AdminClient.Response current = client.send("GET", path, null, AdminClient.READ_TIMEOUT);
            if (!current.ok() && current.status() != 404) {
                throw client.failure(current);
            }
            boolean create = current.status() == 404;
            if (create && (topics == null || topics.isEmpty())) {
                throw CliException.usage("function '" + name + "' does not exist yet: give its --topic");
            }
            if (create && isPackage && handler == null) {
                throw CliException.usage(file + " is a package: give its --handler as module.function, such as"
                        + " main.handler");
            }
            Object was = current.body();
            if (check != null && handler == null) {
                // The handler it keeps (or gets), before a new version is sent.
                String kept = create ? DEFAULT_HANDLER : Json.text(was, "handler");
                refuseErrors(file, check.check(file.toString(), source, kept));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (create) {
                body.put("name", name);
            }
            body.put("runtime", "python");
            body.put("handler", handler != null ? handler : create ? null : Json.get(was, "handler"));
            body.put("topics", topics != null && !topics.isEmpty() ? topics : Json.get(was, "topics"));
            if (isPackage) {
                body.put("package", java.util.Base64.getEncoder().encodeToString(zip));
            } else {
                body.put("source", source);
            }
            body.put("timeout", timeout != null ? timeout.toString() : Json.get(was, "timeout"));
            body.put("maxAttempts", maxAttempts != null ? maxAttempts : Json.get(was, "maxAttempts"));
            if (!create) {
                // A PUT replaces the spec: every setting this command has no option for keeps its value.
                for (String kept : KEPT_ON_UPDATE) {
                    body.put(kept, Json.get(was, kept));
                }
                if (topics == null || topics.isEmpty()) {
                    body.put("subscriptions", Json.get(was, "subscriptions")); // the topics' filters too
                }
            }
            body.put("environment", environment);
            body.put("secrets", secrets);
            AdminClient.Response r = client.send(create ? "POST" : "PUT", create ? "/api/functions" : path,
                    Json.write(body), AdminClient.READ_TIMEOUT);
            if (!r.ok()) {
                for (Object d : Json.list(r.body(), "diagnostics")) {
                    err.printf("%s:%s:%s: %s%n", file, Json.text(d, "line"), Json.text(d, "column"), Json.text(d, "message"));
                }
                err.flush();
                throw client.failure(r);
            }
            return done("Deployed %s version %s (%s).", name, Json.text(r.body(), "version"), create ? "created" : "updated");
        }
    }

    /** Exit 1 when the local check found errors (it has printed them); warnings alone do not stop a deploy. */
    private static void refuseErrors(Path file, SourceCheck.Findings findings) {
        if (findings.errors() > 0) {
            throw new CliException(ExitCodes.FAILED, "not deployed: " + file + " has " + findings.errors()
                    + (findings.errors() == 1 ? " error" : " errors") + " (found by the local check;"
                    + " --no-validate leaves the check to the admin app)");
        }
    }

    /** The file as UTF-8 text. */
    private static String source(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.usage(file + ": " + (Files.exists(file) ? "not a readable file" : "No such file"));
        }
        try {
            return Sources.read(file);
        } catch (CharacterCodingException e) {
            throw CliException.usage(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw CliException.usage(file + ": " + e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the functions.")
    int list(@Mixin Options.Output output, @Mixin Options.Target target) {
        Object functions = target.client().get("/api/functions");
        if (output.print(spec, functions)) {
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "VERSION", "RUNTIME", "TOPICS", "HANDLER", "CREATED");
        for (Object f : (Iterable<?>) functions) {
            table.row(Json.text(f, "name"), Json.text(f, "version"), Json.text(f, "runtime"), joined(f, "topics"),
                    Json.text(f, "handler"), Json.text(f, "createdAt"));
        }
        return shown(table);
    }

    /** The call's answer, or the exception it failed with (a {@link CliException} keeps its exit code). */
    private static Object joined(CompletableFuture<Object> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Settings of a function that {@code deploy} has no option for, kept as they are on an update. */
    private static final List<String> KEPT_ON_UPDATE = List.of("memoryLimitMb", "executor", "network",
            "ledgerRetention", "maxConcurrency", "onSuccess", "onFailure", "batchSize", "batchWindow", "layers");

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show a function: its settings, versions, last invocation and the last 24 hours' error rate.")
    int describe(@Parameters(paramLabel = "NAME", description = "The function's name.") String name,
                 @Mixin Options.Output output, @Mixin Options.Target target) {
        AdminClient client = target.client();
        String path = "/api/functions/" + segment(name);
        // Three requests at once: a describe costs about one round trip, not three.
        CompletableFuture<Object> versionsCall = CompletableFuture.supplyAsync(() -> client.get(path + "/versions"));
        CompletableFuture<Object> statsCall = CompletableFuture.supplyAsync(
                () -> client.get(path + "/stats?window=PT24H&buckets=1"));
        @SuppressWarnings("unchecked")
        Map<String, Object> function = (Map<String, Object>) client.get(path); // an unknown name fails here first
        List<?> versions = ((List<?>) joined(versionsCall)).stream().map(v -> Json.get(v, "version")).toList();
        Object stats = joined(statsCall);
        Map<String, Object> described = new LinkedHashMap<>(function);
        described.remove("source");
        described.put("versions", versions);
        described.put("lastInvocationAt", Json.get(stats, "lastInvocationAt"));
        described.put("last24Hours", Json.get(stats, "totals"));
        if (output.print(spec, described)) {
            return ExitCodes.OK;
        }
        Object totals = Json.get(stats, "totals");
        Object errorRate = Json.get(totals, "errorRate");
        Table table = new Table("FIELD", "VALUE");
        table.row("name", name)
                .row("version", Json.text(function, "version") + " (versions " + joinedList(versions) + ")")
                .row("runtime", Json.text(function, "runtime"))
                .row("handler", Json.text(function, "handler"))
                .row("topics", joined(function, "topics"))
                .row("timeout", Json.text(function, "timeout"))
                .row("maxAttempts", Json.text(function, "maxAttempts"))
                .row("memoryLimitMb", Json.text(function, "memoryLimitMb"))
                .row("environment", Json.text(function, "environment"))
                .row("secrets", joined(function, "secrets"))
                .row("createdAt", Json.text(function, "createdAt"))
                .row("lastInvocationAt", Json.get(stats, "lastInvocationAt") == null ? "never"
                        : Json.text(stats, "lastInvocationAt"))
                .row("last24Hours", Json.text(totals, "invocations") + " invocations, " + Json.text(totals, "failed")
                        + " failed, " + Json.text(totals, "timedOut") + " timed out, error rate "
                        + (errorRate == null ? "-" : percent(((Number) errorRate).doubleValue())));
        return shown(table);
    }

    /**
     * {@code 12.3%}, as {@code String.format(Locale.ROOT, "%.1f%%", fraction * 100)} writes it (half up, from the
     * shortest decimal form), without the formatter: its locale data cost a cold JVM a tenth of a describe.
     */
    static String percent(double fraction) {
        return new BigDecimal(Double.toString(fraction * 100)).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = "List a function's versions, oldest first; * marks the current one.")
    int versions(@Parameters(paramLabel = "NAME", description = "The function's name.") String name,
                 @Mixin Options.Output output, @Mixin Options.Target target) {
        List<?> versions = (List<?>) target.client().get("/api/functions/" + segment(name) + "/versions");
        if (output.print(spec, versions)) {
            return ExitCodes.OK;
        }
        Table table = new Table("CURRENT", "VERSION", "CREATED", "HANDLER", "TOPICS", "TIMEOUT");
        for (int i = 0; i < versions.size(); i++) {
            Object v = versions.get(i);
            table.row(i == versions.size() - 1 ? "*" : "", Json.text(v, "version"), Json.text(v, "createdAt"),
                    Json.text(v, "handler"), joined(v, "topics"), Json.text(v, "timeout"));
        }
        return shown(table);
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Bring back an earlier version's code and settings, as a new version.")
    int rollback(@Parameters(paramLabel = "NAME", description = "The function's name.") String name,
                 @Option(names = "--to", paramLabel = "VERSION",
                         description = "The version to bring back (default: the one before the current).")
                 Integer version,
                 @Mixin Options.Target target) {
        AdminClient client = target.client();
        String path = "/api/functions/" + segment(name);
        int to = version != null ? version : ((Number) Json.get(client.get(path), "version")).intValue() - 1;
        if (to < 1) {
            throw new CliException(ExitCodes.NOT_FOUND, "function '" + name + "' has no earlier version");
        }
        Object now = client.post(path + "/rollback", Map.of("version", to));
        return done("Rolled back %s to version %d: now version %s.", name, to, Json.text(now, "version"));
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a function and all its versions (its invocations stay in the ledger).")
    int delete(@Parameters(paramLabel = "NAME", description = "The function's name.") String name,
               @Mixin Options.Target target) {
        target.client().delete("/api/functions/" + segment(name));
        return done("Deleted function %s.", name);
    }

    private static String joined(Object object, String name) {
        return joinedList(Json.list(object, name));
    }

    private static String joinedList(List<?> items) {
        return String.join(",", items.stream().map(String::valueOf).toList());
    }
}
