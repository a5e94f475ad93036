package io.faas.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code faas logs FUNCTION [--follow] [--since 10m]}: a function's invocations, oldest first, each
 * with its log lines. {@code --follow} asks the ledger for new ones every second and prints each
 * once it has finished.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Show a function's invocations, oldest first: time, version, status, duration, result or "
                + "error, then its log lines.", "--follow keeps printing new ones as they finish, until Ctrl+C."})
final class LogsCommand implements Callable<Integer> {

    /** Most invocations one request of the ledger returns. */
    private static final int PAGE = 1000;
    /** Without --since, how many of the latest invocations are shown first. */
    private static final int LATEST = 20;
    static final Duration POLL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FUNCTION", description = "The function's name.")
    String function;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new invocations until interrupted.")
    boolean follow;

    @Option(names = "--since", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "Those queued in the last DURATION, e.g. 10m (default: the latest 20).")
    Duration since;

    @Mixin
    Options.Target target;

    private final Set<String> shown = new HashSet<>();
    private final List<Object> running = new ArrayList<>();

    @Override
    public Integer call() {
        AdminClient client = target.client();
        client.get("/api/functions/" + AdminClient.segment(function));
        PrintWriter out = spec.commandLine().getOut();
        Instant started = Instant.now();
        Instant newest = show(client, since == null ? null : started.minus(since), since == null ? LATEST : PAGE, out);
        while (follow) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.OK;
            }
            // From the oldest still running, else from the newest shown; a minute back when nothing was
            // seen yet, for a clock that differs from the server's. Ids already shown are skipped.
            Instant from = running.stream().map(LogsCommand::queuedAt).min(Comparator.naturalOrder())
                    .orElse(newest != null ? newest : started.minus(Duration.ofMinutes(1)));
            Instant seen = show(client, from, PAGE, out);
            if (seen != null && (newest == null || seen.isAfter(newest))) {
                newest = seen;
            }
        }
        return ExitCodes.OK;
    }

    /** Prints what was not shown yet, oldest first (when following, only finished ones); the newest time seen. */
    private Instant show(AdminClient client, Instant from, int limit, PrintWriter out) {
        Object page = client.get("/api/invocations" + AdminClient.query(AdminClient.params(
                "function", function, "from", from, "limit", limit)));
        List<Object> items = new ArrayList<>(Json.list(page, "items"));
        items.sort(Comparator.comparing(LogsCommand::queuedAt));
        running.clear();
        Instant newest = null;
        for (Object i : items) {
            newest = queuedAt(i);
            if (shown.contains(Json.text(i, "id"))) {
                continue;
            }
            if (follow && Invocations.running(i)) {
                running.add(i);
                continue;
            }
            shown.add(Json.text(i, "id"));
            Invocations.printWithLogs(i, out);
        }
        return newest;
    }

    private static Instant queuedAt(Object invocation) {
        return Instant.parse(Json.text(invocation, "queuedAt"));
    }
}
