package io.faas.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run whose classes the launcher's class-data archive holds ({@code src/main/bin/faas}): it runs
 * the typical call of each remote command, in this JVM, against a stand-in admin app on a loopback
 * port that answers every request with a small canned JSON, output discarded. The launcher runs it
 * once per jar with {@code -XX:DumpLoadedClassList}, then builds the archive from that list with
 * {@code -Xshare:dump}: a static archive, which (unlike the dynamic one of
 * {@code -XX:ArchiveClassesAtExit} on JDK 17) also holds picocli's classes, compiled for Java 5.
 * Whichever command runs first, every command then starts from the same archive.
 *
 * <p>Reads no configuration and writes only in a temporary directory it deletes.
 *
 * @since 0.1
 */
public final class ArchiveTraining {

    private static final String INVOCATION = "{\"id\":\"t:0:0:f\",\"function\":\"f\",\"version\":1,"
            + "\"status\":\"SUCCEEDED\",\"queuedAt\":\"2026-01-01T00:00:00Z\",\"durationMs\":3,"
            + "\"result\":{\"ok\":true,\"n\":1.5},\"logs\":\"a\\nb\\n\"}";
    private static final String ALIAS = "{\"name\":\"live\",\"version\":1,\"canary\":null,\"shadowVersion\":null}";
    private static final String FUNCTION = "{\"name\":\"f\",\"version\":1,\"runtime\":\"python\",\"handler\":\"handler\","
            + "\"topics\":[\"t\"],\"timeout\":\"PT30S\",\"maxAttempts\":3,\"memoryLimitMb\":0,\"environment\":{},"
            + "\"secrets\":[],\"createdAt\":\"2026-01-01T00:00:00Z\",\"source\":\"x = 1\\n\"}";

    private ArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("faas-training");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> answer(server), "faas-training-app");
            answering.setDaemon(true);
            answering.start();
            Path source = Files.writeString(dir.resolve("f.py"), "def handler(event, context):\n    return event\n");
            // As most runs find their app: a context of faas login (its config file) or FAAS_URL and FAAS_TOKEN.
            String url = "http://localhost:" + server.getLocalPort();
            Path config = dir.resolve("config");
            Contexts contexts = Contexts.load(config);
            contexts.put(new Contexts.Context("training", url, "training"));
            contexts.save();
            Environment fromConfig = new Environment(Map.of("FAAS_CONFIG", config.toString()),
                    new ByteArrayInputStream(new byte[0]));
            Environment fromVariables = new Environment(Map.of("FAAS_URL", url, "FAAS_TOKEN", "training",
                    "FAAS_CONFIG", config.toString()), new ByteArrayInputStream(new byte[0]));
            String[][] calls = {
                {"topics", "list"},
                {"functions", "list"},
                {"functions", "describe", "f"},
                {"functions", "deploy", "f", source.toString(), "--no-validate"},
                {"invocations", "list", "--limit", "20"},
                {"logs", "f", "--since", "10m"},
                {"publish", "t", "{\"name\":\"a\"}"},
                {"publish", "t", "{\"name\":\"a\"}", "--wait", "5s"},
                {"replays", "list"},
                {"aliases", "list", "f"},
                {"aliases", "set", "f", "live", "--to", "1"},
                {"topics", "list", "-o", "json"},
            };
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            for (Environment environment : List.of(fromConfig, fromVariables)) {
                for (String[] call : calls) {
                    var cli = FaasCli.newCommandLine(environment, call);
                    cli.setOut(discard);
                    cli.setErr(discard);
                    cli.execute(call);
                }
            }
            // What a deploy without --no-validate does first: look for the validator in lib/ (only look:
            // a check would load GraalPy, which the archive must not hold).
            ValidatorLibraries.onClassPath();
            ValidatorLibraries.find();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Every request, one per connection, answered with the JSON its path asks for. */
    private static void answer(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                String head = head(in);
                String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                String lower = head.toLowerCase(Locale.ROOT);
                int length = lower.contains("content-length: ")
                        ? Integer.parseInt(lower.split("content-length: ")[1].split("\r\n")[0].trim()) : 0;
                in.readNBytes(length);
                byte[] body = json(head.substring(0, head.indexOf(' ')), path).getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (IOException | RuntimeException e) {
                // the next request, or the end of the training
            }
        }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String json(String method, String path) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (p.equals("/api/topics")) {
            return "[{\"name\":\"t\",\"partitions\":1,\"ordering\":\"KEY\",\"functions\":[\"f\"]}]";
        }
        if (p.endsWith("/events")) {
            return "{\"eventId\":\"t-0-0\",\"topic\":\"t\",\"partition\":0,\"offset\":0,\"complete\":true,"
                    + "\"invocations\":[" + INVOCATION + "]}";
        }
        if (p.equals("/api/functions")) {
            return method.equals("GET") ? "[" + FUNCTION + "]" : FUNCTION;
        }
        if (p.endsWith("/versions")) {
            return "[{\"version\":1}]";
        }
        if (p.endsWith("/stats")) {
            return "{\"lastInvocationAt\":\"2026-01-01T00:00:00Z\",\"totals\":{\"invocations\":1,\"failed\":0,"
                    + "\"timedOut\":0,\"errorRate\":0.0}}";
        }
        if (p.endsWith("/aliases")) {
            return "[" + ALIAS + "]";
        }
        if (p.contains("/aliases/")) {
            return ALIAS;
        }
        if (p.startsWith("/api/functions/")) {
            return FUNCTION;
        }
        if (p.equals("/api/invocations")) {
            return "{\"items\":[" + INVOCATION + "]}";
        }
        return "[]";
    }
}
