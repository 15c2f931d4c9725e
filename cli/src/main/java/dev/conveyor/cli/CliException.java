package dev.conveyor.cli;

/**
 * A failure the user should read, with the exit code that classifies it. The message is printed as it is (after the
 * token is masked), so it names what failed and, where there is one, what to do about it.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
