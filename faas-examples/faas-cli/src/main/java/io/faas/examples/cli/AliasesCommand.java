package io.faas.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.faas.examples.cli.AdminClient.segment;

/** {@code faas aliases list|set|delete|compare}: {@code /api/functions/{name}/aliases}. */
@Command(name = "aliases", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Point names such as live at a function's versions, with a canary and a shadow.")
final class AliasesCommand extends Options.Noun {

    private static String path(String function) {
        return "/api/functions/" + segment(function) + "/aliases";
    }

    /** {@code v3}, {@code v3 90% · v4 10%} under a canary. */
    static String runs(Object alias) {
        String version = "v" + Json.text(alias, "version");
        Object canary = Json.get(alias, "canary");
        if (canary == null) {
            return version;
        }
        int weight = Integer.parseInt(Json.text(canary, "weight"));
        return version + " " + (100 - weight) + "% · v" + Json.text(canary, "version") + " " + weight + "%";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a function's aliases.")
    int list(@Parameters(paramLabel = "FUNCTION", description = "The function.") String function,
             @Mixin Options.Output output, @Mixin Options.Target target) {
        Object aliases = target.client().get(path(function));
        if (output.print(spec, aliases)) {
            return ExitCodes.OK;
        }
        Table table = new Table("ALIAS", "RUNS", "SHADOW");
        for (Object a : (Iterable<?>) aliases) {
            String shadow = Json.text(a, "shadowVersion");
            table.row(Json.text(a, "name"), runs(a), shadow.isEmpty() ? "-" : "v" + shadow);
        }
        return shown(table);
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create or move an alias; moving it back is a rollback.")
    int set(@Parameters(index = "0", paramLabel = "FUNCTION", description = "The function.") String function,
            @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. live.") String alias,
            @Option(names = "--to", paramLabel = "N", required = true, description = "The version it runs.")
            int version,
            @Option(names = "--canary", paramLabel = "N", description = "A second version for a share of the event keys.")
            Integer canary,
            @Option(names = "--weight", paramLabel = "PERCENT", description = "The canary's share, 1 to 99.")
            Integer weight,
            @Option(names = "--shadow", paramLabel = "N",
                    description = "A version that also runs on every event, its records apart (its side effects happen).")
            Integer shadow,
            @Mixin Options.Output output, @Mixin Options.Target target) {
        if ((canary == null) != (weight == null)) {
            throw new CliException(ExitCodes.USAGE, "--canary and --weight go together");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        if (canary != null) {
            body.put("canary", Map.of("version", canary, "weight", weight));
        }
        body.put("shadowVersion", shadow);
        Object set = target.client().put(path(function) + "/" + segment(alias), body);
        if (output.print(spec, set)) {
            return ExitCodes.OK;
        }
        String shadowVersion = Json.text(set, "shadowVersion");
        return done("%s of %s runs %s%s.", alias, function, runs(set),
                shadowVersion.isEmpty() ? "" : ", shadow v" + shadowVersion);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an alias no topic runs.")
    int delete(@Parameters(index = "0", paramLabel = "FUNCTION", description = "The function.") String function,
               @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias.") String alias,
               @Mixin Options.Target target) {
        target.client().delete(path(function) + "/" + segment(alias));
        return done("Deleted alias %s of %s.", alias, function);
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Compare an alias's shadow version with the version it runs, over their latest records.")
    int compare(@Parameters(index = "0", paramLabel = "FUNCTION", description = "The function.") String function,
                @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias.") String alias,
                @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
                        description = "Compare the latest N shadow records (1 to 10000; default 1000).") int limit,
                @Mixin Options.Output output, @Mixin Options.Target target) {
        Object c = target.client().get(path(function) + "/" + segment(alias) + "/shadow"
                + AdminClient.query(AdminClient.params("limit", limit)));
        if (output.print(spec, c)) {
            return ExitCodes.OK;
        }
        String compared = Json.text(c, "compared");
        done("Shadow v%s of %s: %s %s compared, %s the same, %s different, %s not comparable yet.",
                Json.text(c, "shadowVersion"), alias, compared, compared.equals("1") ? "event" : "events",
                Json.text(c, "same"),
                Json.text(c, "different"), Json.text(c, "unpaired"));
        Table sides = new Table("SIDE", "VERSIONS", "RECORDS", "FAILED", "P50", "P95");
        for (String side : new String[] {"primary", "shadow"}) {
            Object s = Json.get(c, side);
            sides.row(side, String.join(",", Json.list(s, "versions").stream().map(String::valueOf).toList()),
                    Json.text(s, "records"), Json.text(s, "failed"), Json.text(s, "p50Millis") + " ms",
                    Json.text(s, "p95Millis") + " ms");
        }
        shown(sides);
        Table differences = new Table("EVENT", "PRIMARY", "SHADOW");
        for (Object d : Json.list(c, "differences")) {
            differences.row(Json.text(d, "eventId"), outcome(d, "primary"), outcome(d, "shadow"));
        }
        return shown(differences);
    }

    private static String outcome(Object difference, String side) {
        String error = Json.text(difference, side + "Error");
        return Json.text(difference, side + "Status") + " "
                + (error.isEmpty() ? Json.text(difference, side + "Result") : error);
    }
}
