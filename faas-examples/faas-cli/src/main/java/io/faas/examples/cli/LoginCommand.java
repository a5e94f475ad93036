package io.faas.examples.cli;

import io.faas.examples.cli.Contexts.Context;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code faas login URL --token TOKEN}: checks the token with {@code GET /api/me}, then saves a context. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Check a token against an admin app and save both as a named context, which becomes current.",
            "The token is stored in the config file (mode 600; FAAS_CONFIG names another file) and never printed."})
final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "The admin app, e.g. http://localhost:8080")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An API token of the admin app; '-' reads it from standard input. Default: FAAS_TOKEN.")
    String token;

    @Option(names = "--name", paramLabel = "CONTEXT",
            description = "The context's name. Default: the URL's host and port, e.g. localhost-8080.")
    String name;

    @Override
    public Integer call() throws IOException {
        FaasCli cli = FaasCli.of(spec);
        String t = token == null ? cli.environment().get("FAAS_TOKEN")
                : token.equals("-") ? readLine(cli.environment()) : token;
        if (t == null || t.isBlank()) {
            throw CliException.usage("a token is needed: --token TOKEN, --token - to read it from standard input,"
                    + " or FAAS_TOKEN");
        }
        AdminClient client = new AdminClient(url, t);
        Object me = client.get("/api/me");
        String contextName = name != null ? name : defaultName(client.url());
        Contexts contexts = cli.contexts();
        contexts.put(new Context(contextName, client.url(), t.trim()));
        contexts.save();
        spec.commandLine().getOut().printf("Logged in to %s as %s (%s). Context '%s' is current.%n", client.url(),
                Json.text(me, "name"), Json.text(me, "role"), contextName);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private static String readLine(Environment environment) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? null : line.trim();
    }

    /** {@code http://localhost:8080} is {@code localhost-8080}. */
    static String defaultName(String url) {
        URI uri = URI.create(url);
        String name = uri.getHost() + (uri.getPort() < 0 ? "" : "-" + uri.getPort());
        return name.replaceAll("[^A-Za-z0-9_-]", "-").replaceAll("^-+", "");
    }
}
