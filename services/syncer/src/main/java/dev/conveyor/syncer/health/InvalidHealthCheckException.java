package dev.conveyor.syncer.health;

/**
 * A custom health check cannot be used: its key is not {@code group/Kind}, or its CEL expression does not compile or
 * cannot return a health. A configuration error: retrying will not help, the declaration must change.
 */
public final class InvalidHealthCheckException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String problem;

    public InvalidHealthCheckException(String kind, String problem) {
        super("invalid custom health check for " + kind + ": " + problem);
        this.kind = kind;
        this.problem = problem;
    }

    /** The key the check was declared under, as written. */
    public String kind() {
        return kind;
    }

    /** What is wrong: the CEL compiler's errors (with line, column and a caret) or the key problem. */
    public String problem() {
        return problem;
    }
}
