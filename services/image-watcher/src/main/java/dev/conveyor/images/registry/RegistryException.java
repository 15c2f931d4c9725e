package dev.conveyor.images.registry;

/**
 * A registry call failed. {@link #retryable()} tells whether the same call may succeed later (network, 5xx, 429,
 * budget) or not (unknown repository or tag, denied, malformed answer), so callers decide without parsing messages.
 */
public class RegistryException extends Exception {

    private final boolean retryable;
    private final int status;

    public RegistryException(String message, boolean retryable, int status) {
        super(message);
        this.retryable = retryable;
        this.status = status;
    }

    public RegistryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.status = 0;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status when the registry answered, else 0. */
    public int status() {
        return status;
    }
}
