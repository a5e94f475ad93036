package io.faas.examples.cli;

import java.io.PrintWriter;

/** How an invocation record of {@code /api/invocations} reads on a terminal. */
final class Invocations {

    private Invocations() {
    }

    static boolean succeeded(Object invocation) {
        return "SUCCEEDED".equals(Json.text(invocation, "status"));
    }

    static boolean running(Object invocation) {
        return "RUNNING".equals(Json.text(invocation, "status"));
    }

    /** Its result as compact JSON, or its error as {@code Type: message}. */
    static String outcome(Object invocation) {
        Object error = Json.get(invocation, "error");
        if (error != null) {
            String message = Json.text(error, "message");
            return Json.text(error, "type") + (message.isEmpty() ? "" : ": " + message);
        }
        return running(invocation) ? "" : Json.write(Json.get(invocation, "result"));
    }

    static String duration(Object invocation) {
        Object ms = Json.get(invocation, "durationMs");
        return running(invocation) || !(ms instanceof Number n) || n.longValue() < 0 ? "-" : n + "ms";
    }

    /**
     * One line ({@code TIME FUNCTION vN STATUS DURATION RESULT-OR-ERROR}) and its log lines and
     * traceback, indented by {@code " | "}.
     */
    static void printWithLogs(Object invocation, PrintWriter out) {
        out.printf("%s %s v%s %s %s %s%n", Json.text(invocation, "queuedAt"), Json.text(invocation, "function"),
                Json.text(invocation, "version"), Json.text(invocation, "status"), duration(invocation),
                outcome(invocation));
        indented(Json.text(invocation, "logs"), out);
        indented(Json.text(Json.get(invocation, "error"), "traceback"), out);
        out.flush();
    }

    static void indented(String text, PrintWriter out) {
        if (!text.isEmpty()) {
            text.lines().forEach(line -> out.println("  | " + line));
        }
    }
}
