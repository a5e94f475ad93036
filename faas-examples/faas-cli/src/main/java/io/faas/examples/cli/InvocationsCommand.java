package io.faas.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

import static io.faas.examples.cli.AdminClient.segment;

/** {@code faas invocations list|get|redrive}: {@code /api/invocations}. */
@Command(name = "invocations", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "The invocation ledger: list, show one, run a failed one again.")
final class InvocationsCommand extends Options.Noun {

    enum Status { RUNNING, SUCCEEDED, FAILED, TIMED_OUT }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List invocations, newest first.")
    int list(@Option(names = "--function", paramLabel = "NAME", description = "Only this function's.") String function,
             @Option(names = "--topic", paramLabel = "TOPIC", description = "Only this topic's.") String topic,
             @Option(names = "--status", paramLabel = "STATUS",
                     description = "Only these: RUNNING, SUCCEEDED, FAILED or TIMED_OUT.") Status status,
             @Option(names = "--since", paramLabel = "DURATION", converter = Durations.Converter.class,
                     description = "Only those queued in the last DURATION, e.g. 10m.") Duration since,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                     description = "At most N (1 to 1000; default 50).") int limit,
             @Mixin Options.Output output, @Mixin Options.Target target) {
        Object page = target.client().get("/api/invocations" + AdminClient.query(AdminClient.params(
                "function", function, "topic", topic, "status", status,
                "from", since == null ? null : Instant.now().minus(since), "limit", limit)));
        Object items = Json.get(page, "items");
        if (output.print(spec, items)) {
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "QUEUED", "FUNCTION", "VERSION", "STATUS", "DURATION", "RESULT");
        for (Object i : (Iterable<?>) items) {
            table.row(Json.text(i, "id"), Json.text(i, "queuedAt"), Json.text(i, "function"), Json.text(i, "version"),
                    Json.text(i, "status"), Invocations.duration(i), Invocations.outcome(i));
        }
        return shown(table);
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one invocation: its event, result or error, logs and traceback.")
    int get(@Parameters(paramLabel = "ID", description = "The invocation's id.") String id,
            @Mixin Options.Output output, @Mixin Options.Target target) {
        Object i = target.client().get("/api/invocations/" + segment(id));
        if (output.print(spec, i)) {
            return ExitCodes.OK;
        }
        PrintWriter out = spec.commandLine().getOut();
        new Table("FIELD", "VALUE")
                .row("id", Json.text(i, "id"))
                .row("function", Json.text(i, "function") + " v" + Json.text(i, "version"))
                .row("topic", Json.text(i, "topic") + " (partition " + Json.text(i, "partition") + ", offset "
                        + Json.text(i, "offset") + ")")
                .row("eventId", Json.text(i, "eventId"))
                .row("key", Json.text(i, "key"))
                .row("event", Json.text(i, "event"))
                .row("status", Json.text(i, "status"))
                .row("attempts", Json.text(i, "attempts"))
                .row("queuedAt", Json.text(i, "queuedAt"))
                .row("finishedAt", Json.text(i, "finishedAt"))
                .row("duration", Invocations.duration(i))
                .row(Json.get(i, "error") == null ? "result" : "error", Invocations.outcome(i))
                .print(out);
        String logs = Json.text(i, "logs");
        if (!logs.isEmpty()) {
            out.println("logs:");
            Invocations.indented(logs, out);
        }
        String traceback = Json.text(Json.get(i, "error"), "traceback");
        if (!traceback.isEmpty()) {
            out.println("traceback:");
            Invocations.indented(traceback, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Run a FAILED or TIMED_OUT invocation again.")
    int redrive(@Parameters(paramLabel = "ID", description = "The invocation's id.") String id,
                @Mixin Options.Target target) {
        Object i = target.client().post("/api/invocations/" + segment(id) + "/redrive", null);
        return done("Redriving invocation %s of %s (now %s).", id, Json.text(i, "function"), Json.text(i, "status"));
    }
}
