package dev.conveyor.cli;

/**
 * The process exit codes of {@code conveyor}, one per kind of outcome, so scripts can tell "try again later" (7) from
 * "fix the request" (6) from "fix the credentials" (3, 4). Listed in {@code --help} (the {@code exitCodeList} of {@link Conveyor}) and in
 * {@code docs/cli.md}: keep the three in step.
 */
public final class ExitCodes {

    /** The command did what was asked (for actions: the server accepted the request). */
    public static final int OK = 0;
    /** An unexpected failure inside the CLI itself (a bug, or an answer it cannot read). */
    public static final int SOFTWARE = 1;
    /** The command line was wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** HTTP 401: no token, or the token was not accepted. */
    public static final int NOT_AUTHENTICATED = 3;
    /** HTTP 403: the token is valid but may not do this. */
    public static final int FORBIDDEN = 4;
    /** HTTP 404, or a freight id prefix that matches no freight (or more than one). */
    public static final int NOT_FOUND = 5;
    /** HTTP 400, 409, 422 (and any other 4xx): the server refused the request as it stands. */
    public static final int REFUSED = 6;
    /** HTTP 5xx, or the server could not be reached (refused connection, timeout, unknown host). */
    public static final int UNAVAILABLE = 7;

    private ExitCodes() {
    }
}
