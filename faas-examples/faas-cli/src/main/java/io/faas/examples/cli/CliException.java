package io.faas.examples.cli;

/**
 * A command that cannot finish, with the exit code it ends with and a message for the user (never a
 * class name or stack trace). {@link FaasCli} prints {@code faas: MESSAGE} on standard error.
 */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }
}
