package io.faas.examples.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.faas.examples.cli.AdminClient.segment;

/** {@code faas replays start|list|get|cancel|invocations}: {@code /api/replays}. */
@Command(name = "replays", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Run a function version again over a topic's retained events, with its own records.")
final class ReplaysCommand extends Options.Noun {

    /** Where a replay starts: one of these, or the earliest retained event. */
    static final class Start {
        @Option(names = "--from-offset", paramLabel = "N", description = "Start each partition at offset N.")
        Long fromOffset;
        @Option(names = "--since", paramLabel = "DURATION", converter = Durations.Converter.class,
                description = "Start at the events of the last DURATION, e.g. 2h.")
        Duration since;
        @Option(names = "--from", paramLabel = "INSTANT", description = "Start at this time, e.g. 2026-12-07T08:00:00Z.")
        Instant from;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a replay; with --follow, show its progress until it ends.")
    int start(@Parameters(index = "0", paramLabel = "TOPIC", description = "The topic whose events run again.") String topic,
              @Parameters(index = "1", paramLabel = "FUNCTION", description = "The function to run.") String function,
              @Option(names = "--name", paramLabel = "NAME", required = true, description = "A name for it.") String name,
              @Option(names = "--function-version", paramLabel = "N",
                      description = "The version to run (default: the current one).")
              Integer version,
              @ArgGroup(exclusive = true) Start start,
              @Option(names = "--to", paramLabel = "INSTANT",
                      description = "Stop before this time (default: the end of each partition now).") Instant to,
              @Option(names = "--follow", description = "Show its progress until it ends; exit 0 only if DONE.")
              boolean follow,
              @Mixin Options.Output output, @Mixin Options.Target target) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("topic", topic);
        body.put("function", function);
        body.put("version", version);
        if (start != null) {
            body.put("fromOffset", start.fromOffset);
            Instant from = start.since != null ? Instant.now().minus(start.since) : start.from;
            body.put("from", from == null ? null : from.toString());
        }
        body.put("to", to == null ? null : to.toString());
        AdminClient client = target.client();
        Object replay = client.post("/api/replays", body);
        if (!follow) {
            if (output.print(spec, replay)) {
                return ExitCodes.OK;
            }
            return done("Started replay %s of %s over %s: %s events.", Json.text(replay, "id"), function, topic,
                    Json.text(replay, "total"));
        }
        return follow(client, Json.text(replay, "id"));
    }

    /** Prints a progress bar (redrawn in place on a terminal, one line a second otherwise) until the replay ends. */
    private int follow(AdminClient client, String id) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        Object replay = client.get("/api/replays/" + segment(id));
        while (true) {
            String line = progress(replay);
            out.print(terminal ? "\r" + line : line + System.lineSeparator());
            out.flush();
            String status = Json.text(replay, "status");
            if (!status.equals("RUNNING")) {
                if (terminal) {
                    out.println();
                }
                String error = Json.text(replay, "error");
                out.println("Replay " + id + " " + status + (error.isEmpty() ? "." : ": " + error));
                out.flush();
                return status.equals("DONE") ? ExitCodes.OK : ExitCodes.FAILED;
            }
            Thread.sleep(1000);
            replay = client.get("/api/replays/" + segment(id));
        }
    }

    /** {@code [##########..........]  50%  500/1000 events, 2 failed, 123.4/s RUNNING}. */
    static String progress(Object replay) {
        long total = Long.parseLong(Json.text(replay, "total"));
        long done = Long.parseLong(Json.text(replay, "done"));
        int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        int filled = percent / 5;
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + String.format("%3d%%", percent) + "  "
                + done + "/" + total + " events, " + Json.text(replay, "failed") + " failed, "
                + Json.text(replay, "rate") + "/s " + Json.text(replay, "status");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List replays, newest first.")
    int list(@Mixin Options.Output output, @Mixin Options.Target target) {
        Object replays = target.client().get("/api/replays");
        if (output.print(spec, replays)) {
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "NAME", "TOPIC", "FUNCTION", "VERSION", "STATUS", "DONE", "STARTED");
        for (Object r : (Iterable<?>) replays) {
            table.row(Json.text(r, "id"), Json.text(r, "name"), Json.text(r, "topic"), Json.text(r, "function"),
                    Json.text(r, "version"), Json.text(r, "status"),
                    Json.text(r, "done") + "/" + Json.text(r, "total"), Json.text(r, "startedAt"));
        }
        return shown(table);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one replay and its progress.")
    int get(@Parameters(paramLabel = "ID", description = "The replay's id.") String id,
            @Mixin Options.Output output, @Mixin Options.Target target) {
        Object r = target.client().get("/api/replays/" + segment(id));
        if (output.print(spec, r)) {
            return ExitCodes.OK;
        }
        return done("%s %s: %s over %s, version %s%n%s", Json.text(r, "id"), Json.text(r, "name"),
                Json.text(r, "function"), Json.text(r, "topic"), Json.text(r, "version"), progress(r));
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Stop a replay; what it recorded stays.")
    int cancel(@Parameters(paramLabel = "ID", description = "The replay's id.") String id,
               @Mixin Options.Target target) {
        Object r = target.client().post("/api/replays/" + segment(id) + "/cancel", Map.of());
        return done("Cancelling replay %s (%s).", id, Json.text(r, "status"));
    }

    @Command(name = "invocations", mixinStandardHelpOptions = true, description = "The replay's records, newest first.")
    int invocations(@Parameters(paramLabel = "ID", description = "The replay's id.") String id,
                    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                            description = "At most N (1 to 1000; default 50).") int limit,
                    @Mixin Options.Output output, @Mixin Options.Target target) {
        Object page = target.client().get("/api/replays/" + segment(id) + "/invocations"
                + AdminClient.query(AdminClient.params("limit", limit)));
        Object items = Json.get(page, "items");
        if (output.print(spec, items)) {
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "FUNCTION", "VERSION", "STATUS", "DURATION", "RESULT");
        for (Object i : (Iterable<?>) items) {
            table.row(Json.text(i, "id"), Json.text(i, "function"), Json.text(i, "version"), Json.text(i, "status"),
                    Invocations.duration(i), Invocations.outcome(i));
        }
        return shown(table);
    }
}
