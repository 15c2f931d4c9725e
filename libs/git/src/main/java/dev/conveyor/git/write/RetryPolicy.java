package dev.conveyor.git.write;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often a write is tried when its push is rejected because the branch moved, and how long to wait in between:
 * exponential backoff with full jitter (a random wait between zero and the capped exponential), so writers that
 * collided once do not collide again in lockstep.
 *
 * @param maxAttempts    fetch-edit-push rounds in total, at least 1
 * @param initialBackoff the cap of the first wait
 * @param maxBackoff     the largest cap
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
        }
    }

    /** 8 attempts, waits capped at 100 ms, 200 ms, ... up to 5 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** The wait after the {@code conflict}-th rejected push (1-based). */
    public Duration backoff(int conflict, RandomGenerator random) {
        long cap = initialBackoff.toNanos();
        for (int i = 1; i < conflict && cap < maxBackoff.toNanos(); i++) {
            cap = cap > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : cap * 2;
        }
        cap = Math.min(cap, maxBackoff.toNanos());
        return cap <= 0 ? Duration.ZERO : Duration.ofNanos(random.nextLong(cap + 1));
    }
}
