package dev.conveyor.notifier.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter (a random delay between half and all of the exponential step, so that many
 * notifiers failing together do not retry together), a cap, and a bounded number of attempts. A destination's
 * {@code Retry-After} wins over the computed delay, up to {@link #maxRetryAfter()}: a destination asking for longer
 * than that is treated as down, and the notification is dead-lettered rather than blocking every other one.
 *
 * @param maxAttempts   attempts in all, the first included
 * @param initialDelay  the step before the second attempt
 * @param maxDelay      the longest computed step
 * @param maxRetryAfter the longest Retry-After honoured
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    }

    /**
     * The delay before attempt {@code attempt + 1} after attempt {@code attempt} (from 1) failed, or empty when no
     * attempt is left or the destination asked for a longer pause than allowed.
     */
    public Optional<Duration> delayAfter(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
        if (attempt >= maxAttempts) return Optional.empty();
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(maxRetryAfter) > 0 ? Optional.empty() : retryAfter;
        }
        long step = initialDelay.toMillis() << Math.min(attempt - 1, 30);
        long capped = Math.max(1, Math.min(step, maxDelay.toMillis()));
        long jittered = capped / 2 + random.nextLong(capped / 2 + 1);
        return Optional.of(Duration.ofMillis(jittered));
    }
}
