package io.faas.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code faas publish TOPIC JSON|@FILE|-}: {@code POST /api/topics/{name}/events}. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish an event to a topic; with --wait, wait for every function on the topic and show how "
                + "each invocation ended.", "Exits 0 only if all of them succeeded."})
final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic.")
    String topic;

    @Parameters(index = "1", paramLabel = "EVENT",
            description = "The event: JSON text, @FILE to read a file, or - to read standard input.")
    String event;

    @Option(names = "--key", paramLabel = "KEY", description = "The event's key (events of one key keep their order).")
    String key;

    @Option(names = "--wait", paramLabel = "DURATION", converter = Durations.Converter.class,
            description = "Wait up to this long (at most 5m) for the invocations, e.g. 5s.")
    Duration wait;

    @Mixin
    Options.Output output;

    @Mixin
    Options.Target target;

    @Override
    public Integer call() {
        String payload = payload();
        try {
            Json.parse(payload);
        } catch (Json.InvalidJsonException e) {
            throw CliException.usage("the event is not valid JSON: " + e.getMessage());
        }
        AdminClient client = target.client();
        String path = "/api/topics/" + AdminClient.segment(topic) + "/events"
                + AdminClient.query(AdminClient.params("key", key, "wait", wait == null ? null : wait.toString()));
        AdminClient.Response r = client.send("POST", path, payload,
                wait == null ? AdminClient.READ_TIMEOUT : AdminClient.READ_TIMEOUT.plus(wait));
        if (!r.ok()) {
            throw client.failure(r);
        }
        Object answer = r.body();
        List<?> invocations = Json.list(answer, "invocations");
        boolean complete = wait == null || Boolean.TRUE.equals(Json.get(answer, "complete"));
        boolean allSucceeded = complete && invocations.stream().allMatch(Invocations::succeeded);
        if (!output.print(spec, answer)) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Published event %s to %s (partition %s, offset %s).%n", Json.text(answer, "eventId"),
                    Json.text(answer, "topic"), Json.text(answer, "partition"), Json.text(answer, "offset"));
            if (wait != null) {
                if (invocations.isEmpty() && complete) {
                    out.println("No function is mapped to topic " + topic + ".");
                } else {
                    Table table = new Table("FUNCTION", "VERSION", "STATUS", "DURATION", "RESULT");
                    for (Object i : invocations) {
                        table.row(Json.text(i, "function"), Json.text(i, "version"), Json.text(i, "status"),
                                Invocations.duration(i), Invocations.outcome(i));
                    }
                    table.print(out);
                }
            }
            out.flush();
        }
        if (!complete) {
            throw new CliException(ExitCodes.FAILED, "not every function finished within " + Durations.format(wait));
        }
        if (!allSucceeded) {
            throw new CliException(ExitCodes.FAILED, "not every invocation succeeded");
        }
        return ExitCodes.OK;
    }

    private String payload() {
        try {
            if (event.equals("-")) {
                return new String(FaasCli.of(spec).environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
            }
            if (event.startsWith("@")) {
                return Files.readString(Path.of(event.substring(1)), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw CliException.usage(event.substring(1) + ": No such file");
        } catch (IOException e) {
            throw CliException.usage("cannot read the event: " + e.getMessage());
        }
        return event;
    }
}
