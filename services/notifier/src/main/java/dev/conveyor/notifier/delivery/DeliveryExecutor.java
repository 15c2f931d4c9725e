package dev.conveyor.notifier.delivery;

import dev.conveyor.notifier.destination.DeliveryException;
import dev.conveyor.notifier.destination.Notifier;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one notification through its destination's {@link Notifier}, retrying transient failures by the
 * {@link RetryPolicy}, and says how it ended: delivered, or failed with the reason (terminal at once, or after the
 * last attempt). It never throws for a failed send and never drops one: the caller records or dead-letters the result.
 */
public final class DeliveryExecutor {

    /**
     * How it ended. {@code receipt} is set when delivered, {@code failure} when not. {@code abandoned}: the notifier
     * is stopping; nothing may be recorded, the event will be read again.
     */
    public record Outcome(Notification notification, boolean delivered, Notifier.Receipt receipt, String failure,
                          int attempts, boolean abandoned) {
        Outcome(Notification notification, boolean delivered, Notifier.Receipt receipt, String failure, int attempts) {
            this(notification, delivered, receipt, failure, attempts, false);
        }
    }

    /** Waits between attempts; a test passes one that does not really sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What the executor reports (metrics). */
    public interface Listener {
        void retrying(Notification n, int attempt, String reason, Duration delay);
    }

    private final Map<String, Notifier> notifiers;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Listener listener;

    public DeliveryExecutor(Map<String, Notifier> notifiersByDestination, RetryPolicy policy, Sleeper sleeper,
                            Listener listener) {
        this.notifiers = Map.copyOf(notifiersByDestination);
        this.policy = policy;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    public Outcome deliver(Notification n) {
        Notifier notifier = notifiers.get(n.destination());
        if (notifier == null) {
            return new Outcome(n, false, null, "destination '" + n.destination() + "' is not configured", 0);
        }
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return new Outcome(n, true, notifier.send(n), null, attempt);
            } catch (DeliveryException e) {
                if (e.terminal()) {
                    return new Outcome(n, false, null, "terminal: " + e.getMessage(), attempt);
                }
                Optional<Duration> delay = policy.delayAfter(attempt, e.retryAfter(), ThreadLocalRandom.current());
                if (delay.isEmpty()) {
                    String why = attempt >= policy.maxAttempts() ? "gave up after " + attempt + " attempts"
                            : "Retry-After " + e.retryAfter().map(Duration::toString).orElse("?") + " exceeds "
                            + policy.maxRetryAfter();
                    return new Outcome(n, false, null, why + ": " + e.getMessage(), attempt);
                }
                listener.retrying(n, attempt, e.getMessage(), delay.get());
                try {
                    sleeper.sleep(delay.get());
                } catch (InterruptedException ie) {
                    // The notifier is stopping: abandon unrecorded; the event is read again after the restart.
                    return new Outcome(n, false, null, "interrupted while retrying: " + e.getMessage(), attempt, true);
                }
            } catch (RuntimeException e) {
                // A bug in an adapter must not lose the notification: it is dead-lettered with the error.
                return new Outcome(n, false, null, "unexpected: " + e, attempt);
            }
        }
    }
}
