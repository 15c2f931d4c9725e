package dev.conveyor.syncer.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How long to wait before self-healing an application again. When something keeps changing managed objects (another
 * controller, a person with kubectl), re-applying at once would make the two fight forever: each self-heal within the
 * quiet period doubles the delay, up to a cap; a quiet period as long as the cap resets it.
 */
public final class SelfHealBackoff {

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

    private record State(int attempts, Instant last) {
    }

    public SelfHealBackoff(Duration initial, Duration max, Clock clock) {
        this.initial = initial;
        this.max = max;
        this.clock = clock;
    }

    /** Records a self-heal of {@code app} now and returns how long to wait before doing it. */
    public Duration next(String app) {
        Instant now = clock.instant();
        State s = states.compute(app, (k, old) -> {
            if (old == null || Duration.between(old.last(), now).compareTo(max) > 0) return new State(0, now);
            return new State(old.attempts() + 1, now);
        });
        long factor = 1L << Math.min(s.attempts(), 20);
        Duration d = initial.multipliedBy(factor);
        return d.compareTo(max) > 0 ? max : d;
    }

    public int attempts(String app) {
        State s = states.get(app);
        return s == null ? 0 : s.attempts();
    }
}
