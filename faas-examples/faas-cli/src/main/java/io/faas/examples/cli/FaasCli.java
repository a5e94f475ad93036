package io.faas.examples.cli;

import io.faas.examples.cli.Contexts.Context;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code faas} command line: {@code faas NOUN VERB} against any faas admin app over its REST
 * API, and {@code faas validate} offline.
 *
 * <pre>
 * faas login http://localhost:8080 --token "$TOKEN"
 * faas topics create orders
 * faas functions deploy hello hello.py --topic orders
 * faas publish orders '{"name":"Ada"}' --wait 5s
 * </pre>
 *
 * Only {@code validate} and {@code functions deploy} (to check the code first, when the validator is
 * in {@code lib/}) load GraalPy, and only {@code dev} starts the admin app; every other command is one
 * to three HTTP requests with {@link java.net.HttpURLConnection} and jackson-core's parser.
 *
 * @since 0.1
 */
@Command(name = "faas", mixinStandardHelpOptions = true, version = "faas 0.1",
        description = "Deploy, publish, tail and manage faas functions through an admin app's REST API.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {})
public final class FaasCli implements Runnable {

    @CommandLine.Spec
    CommandSpec spec;

    private final Environment environment;

    FaasCli(Environment environment) {
        this.environment = environment;
    }

    /**
     * The commands, in the order of {@code faas --help}. Picocli reflects on every command it is
     * given, which takes a cold JVM longer than the request itself; {@link #newCommandLine(Environment,
     * String...)} gives it only the one a run names.
     */
    private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("login", LoginCommand.class);
        COMMANDS.put("context", ContextCommand.class);
        COMMANDS.put("topics", TopicsCommand.class);
        COMMANDS.put("functions", FunctionsCommand.class);
        COMMANDS.put("aliases", AliasesCommand.class);
        COMMANDS.put("publish", PublishCommand.class);
        COMMANDS.put("invocations", InvocationsCommand.class);
        COMMANDS.put("logs", LogsCommand.class);
        COMMANDS.put("replays", ReplaysCommand.class);
        COMMANDS.put("validate", ValidateCommand.class);
        COMMANDS.put("dev", DevCommand.class);
        COMMANDS.put("completion", CompletionCommand.class);
        COMMANDS.put("help", CommandLine.HelpCommand.class);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine(Environment.system(), args).execute(args));
    }

    /** A command line with faas' exit codes: 2 for usage errors, also when no subcommand is given. */
    public static CommandLine newCommandLine() {
        return newCommandLine(Environment.system());
    }

    /** With every command. */
    static CommandLine newCommandLine(Environment environment) {
        return newCommandLine(environment, new String[0]);
    }

    /**
     * With only the command {@code args} names, when it names one but {@code help} or
     * {@code completion} (which need them all); else with every command, for the usage message.
     * Likewise a noun gets only the verb named after it, else all its verbs.
     */
    static CommandLine newCommandLine(Environment environment, String... args) {
        CommandLine cli = new CommandLine(new FaasCli(environment));
        String named = args.length == 0 ? null : args[0];
        boolean one = COMMANDS.containsKey(named) && !named.equals("help") && !named.equals("completion");
        for (Map.Entry<String, Class<?>> command : COMMANDS.entrySet()) {
            if (!one || command.getKey().equals(named)) {
                Class<?> type = command.getValue();
                cli.addSubcommand(command.getKey(), Options.Noun.class.isAssignableFrom(type)
                        ? noun(type, one && args.length > 1 ? args[1] : null) : type);
            }
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // @FILE is publish's event file, not one of picocli's argument files.
        cli.setExpandAtFiles(false);
        cli.setExecutionExceptionHandler(new Failed());
        exitCodes(cli);
        return cli;
    }

    /**
     * A noun ({@code @Command(addMethodSubcommands = false)}) with its verbs, its {@code @Command}
     * methods, as picocli would add them (in the order of their method names): only {@code verb} when it
     * names one, since picocli reflects on every parameter of every verb it is given.
     */
    private static CommandLine noun(Class<?> type, String verb) {
        CommandLine noun = new CommandLine(type);
        List<Method> methods = CommandLine.getCommandMethods(type, null);
        for (Method method : methods) {
            if (method.getAnnotation(Command.class).name().equals(verb)) {
                methods = List.of(method);
                break;
            }
        }
        for (Method method : methods) {
            CommandLine sub = new CommandLine(method);
            noun.addSubcommand(sub.getCommandName(), sub);
        }
        return noun;
    }

    /** Every command's help lists the exit codes (validate keeps its own list). */
    private static void exitCodes(CommandLine cli) {
        CommandLine.Model.UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
        if (usage.exitCodeList().isEmpty() && !(cli.getCommand() instanceof CommandLine.HelpCommand)) {
            usage.exitCodeListHeading("%nExit codes:%n");
            Map<String, String> codes = new LinkedHashMap<>();
            for (String line : ExitCodes.HELP) {
                int colon = line.indexOf(':');
                codes.put(line.substring(0, colon), line.substring(colon + 1));
            }
            usage.exitCodeList(codes);
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            exitCodes(sub);
        }
    }

    /** A command's failure: one line on standard error, never a stack trace. */
    private static final class Failed implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            return failed(e, cmd);
        }
    }

    private static int failed(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (e instanceof CliException c) {
            err.println("faas: " + c.getMessage());
            err.flush();
            return c.exitCode();
        }
        err.println("faas: unexpected error" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        err.flush();
        return ExitCodes.FAILED;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    static FaasCli of(CommandSpec anyCommand) {
        return (FaasCli) anyCommand.root().userObject();
    }

    Environment environment() {
        return environment;
    }

    Contexts contexts() {
        return Contexts.load(environment.configFile());
    }

    /**
     * The admin app to talk to: the named context; else {@code FAAS_URL} with {@code FAAS_TOKEN};
     * else the current context (whose token {@code FAAS_TOKEN} overrides).
     */
    AdminClient client(String contextName) {
        Contexts contexts = contexts();
        if (contextName != null) {
            Context c = contexts.get(contextName).orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
                    "no context '" + contextName + "': see faas context list"));
            return new AdminClient(c.url(), c.token());
        }
        String url = environment.get("FAAS_URL");
        String token = environment.get("FAAS_TOKEN");
        Optional<Context> current = contexts.current();
        if (url == null) {
            Context c = current.orElseThrow(() -> new CliException(ExitCodes.UNREACHABLE,
                    "no admin app configured: run faas login URL --token TOKEN, or set FAAS_URL and FAAS_TOKEN"));
            return new AdminClient(c.url(), token != null ? token : c.token());
        }
        if (token == null) {
            String base = AdminClient.baseUrl(url);
            token = current.filter(c -> AdminClient.baseUrl(c.url()).equals(base)).map(Context::token).orElse(null);
        }
        return new AdminClient(url, token);
    }
}
