package io.faas.examples.cli;

/** The exit codes of every {@code faas} command. */
final class ExitCodes {

    static final int OK = 0;
    /** The operation ran and failed: an invocation failed, the server refused a value, validation found problems. */
    static final int FAILED = 1;
    /** Bad arguments or options, an unreadable file, a payload that is not JSON. */
    static final int USAGE = 2;
    /** The admin app cannot be reached, or refused the token (401, 403), or none is configured. */
    static final int UNREACHABLE = 3;
    /** The topic, function, version, invocation or context does not exist. */
    static final int NOT_FOUND = 4;

    /** As picocli shows them under "Exit codes:" in {@code --help}. */
    static final String[] HELP = {
        "0:ok",
        "1:the operation failed (an invocation failed, the server refused it)",
        "2:usage error (bad arguments, unreadable file, payload not JSON)",
        "3:admin app not reachable, or token missing or refused",
        "4:not found (topic, function, version, invocation, context)"};

    private ExitCodes() {
    }
}
