package io.herald.cli;

/** Ends a command with an exit code and a message in words; the CLI prints the message, never a stack trace. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public static CliException failed(String message) {
        return new CliException(ExitCode.FAILED, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
