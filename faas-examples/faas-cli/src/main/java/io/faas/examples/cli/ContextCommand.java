package io.faas.examples.cli;

import io.faas.examples.cli.Contexts.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code faas context list|use}: the admin apps saved by {@code faas login}. */
@Command(name = "context", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "The admin apps faas login saved, and which one commands use.")
final class ContextCommand extends Options.Noun {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the contexts; * marks the current one.")
    int list(@Mixin Options.Output output) {
        Contexts contexts = FaasCli.of(spec).contexts();
        List<Object> items = new ArrayList<>();
        for (Context c : contexts.list()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", c.name());
            item.put("url", c.url());
            item.put("current", c.name().equals(contexts.currentName()));
            items.add(item);
        }
        if (output.print(spec, items)) {
            return ExitCodes.OK;
        }
        Table table = new Table("CURRENT", "NAME", "URL");
        for (Context c : contexts.list()) {
            table.row(c.name().equals(contexts.currentName()) ? "*" : "", c.name(), c.url());
        }
        return shown(table);
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Make a context the current one.")
    int use(@Parameters(paramLabel = "NAME", description = "A context of faas context list.") String name) {
        Contexts contexts = FaasCli.of(spec).contexts();
        contexts.use(name);
        contexts.save();
        return done("Context '%s' is current (%s).", name, contexts.current().map(Context::url).orElse(""));
    }
}
