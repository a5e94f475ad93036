package io.faas.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.faas.examples.cli.AdminClient.segment;

/** {@code faas topics create|list|delete}: {@code /api/topics}. */
@Command(name = "topics", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Create, list and delete topics.")
final class TopicsCommand extends Options.Noun {

    enum Ordering { KEY, PARTITION, NONE }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a topic.")
    int create(@Parameters(paramLabel = "NAME", description = "The topic's name.") String name,
               @Option(names = "--partitions", paramLabel = "N", description = "Partitions (default: the app's).")
               Integer partitions,
               @Option(names = "--ordering", paramLabel = "ORDERING",
                       description = "KEY (default: in order per key), PARTITION or NONE.") Ordering ordering,
               @Mixin Options.Target target) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("partitions", partitions);
        body.put("ordering", ordering == null ? null : ordering.name());
        Object topic = target.client().post("/api/topics", body);
        String count = Json.text(topic, "partitions");
        return done("Created topic %s (%s %s, ordering %s).", Json.text(topic, "name"), count,
                count.equals("1") ? "partition" : "partitions", Json.text(topic, "ordering"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the topics and the functions on each.")
    int list(@Mixin Options.Output output, @Mixin Options.Target target) {
        Object topics = target.client().get("/api/topics");
        if (output.print(spec, topics)) {
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "PARTITIONS", "ORDERING", "FUNCTIONS");
        for (Object t : (Iterable<?>) topics) {
            table.row(Json.text(t, "name"), Json.text(t, "partitions"), Json.text(t, "ordering"),
                    String.join(",", Json.list(t, "functions").stream().map(String::valueOf).toList()));
        }
        return shown(table);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a topic (refused while functions are mapped to it).")
    int delete(@Parameters(paramLabel = "NAME", description = "The topic's name.") String name,
               @Mixin Options.Target target) {
        target.client().delete("/api/topics/" + segment(name));
        return done("Deleted topic %s.", name);
    }
}
