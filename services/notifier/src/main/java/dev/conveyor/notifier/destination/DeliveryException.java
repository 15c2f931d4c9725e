package dev.conveyor.notifier.destination;

import java.time.Duration;
import java.util.Optional;

/**
 * A send failed. {@link #terminal()} says that trying again cannot help (a 4xx other than 429: a wrong URL, a
 * revoked token, a rejected payload), so the notification is dead-lettered at once; otherwise it is retried, after
 * {@link #retryAfter()} when the destination said so (429 {@code Retry-After}). Messages never contain secrets.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean terminal;
    private final transient Optional<Duration> retryAfter;

    private DeliveryException(String message, boolean terminal, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.terminal = terminal;
        this.retryAfter = Optional.ofNullable(retryAfter);
    }

    public static DeliveryException transientFailure(String message) {
        return new DeliveryException(message, false, null, null);
    }

    public static DeliveryException transientFailure(String message, Throwable cause) {
        return new DeliveryException(message, false, null, cause);
    }

    public static DeliveryException rateLimited(String message, Duration retryAfter) {
        return new DeliveryException(message, false, retryAfter, null);
    }

    public static DeliveryException terminal(String message) {
        return new DeliveryException(message, true, null, null);
    }

    public boolean terminal() {
        return terminal;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter == null ? Optional.empty() : retryAfter;
    }
}
