package dev.conveyor.images.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket for one registry: at most {@code perMinute} requests a minute on average, bursts up to the same
 * number. A 429 pauses the whole registry until its {@code Retry-After} has passed, so the other policies on that
 * registry back off too instead of each spending a request to learn the same thing.
 */
final class RequestBudget {

    private final double perNano;
    private final double capacity;
    private final Clock clock;
    private double tokens;
    private long last;
    private Instant pausedUntil = Instant.EPOCH;

    RequestBudget(int perMinute, Clock clock) {
        if (perMinute <= 0) throw new IllegalArgumentException("requests per minute must be positive");
        this.capacity = perMinute;
        this.perNano = perMinute / 60e9;
        this.clock = clock;
        this.tokens = perMinute;
        this.last = System.nanoTime();
    }

    /**
     * Takes one request from the budget, waiting for it when that takes no longer than {@code maxWait}.
     *
     * @return false when the budget would not allow a request within {@code maxWait}
     */
    synchronized boolean acquire(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long pause = Duration.between(clock.instant(), pausedUntil).toNanos();
            refill();
            long wait = pause > 0 ? pause : tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
            if (wait == 0) {
                tokens -= 1;
                return true;
            }
            if (System.nanoTime() + wait > deadline) return false;
            wait(Math.max(1, wait / 1_000_000), (int) (wait % 1_000_000));
        }
    }

    /** The registry said 429: nobody asks it again before {@code until}. */
    synchronized void pauseUntil(Instant until) {
        if (until.isAfter(pausedUntil)) pausedUntil = until;
        notifyAll();
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
    }
}
