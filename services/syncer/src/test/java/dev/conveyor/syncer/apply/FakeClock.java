package dev.conveyor.syncer.apply;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock whose sleep returns at once, moving time forward and letting the test act as the cluster's controllers
 * meanwhile (flip a health, check what exists at that moment).
 */
final class FakeClock implements SyncClock {

    /** What happens in the cluster while the syncer sleeps. */
    interface Controller {
        void whileSleeping(int sleepNumber);
    }

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private int sleeps;
    private Controller controller = n -> { };

    FakeClock onSleep(Controller controller) {
        this.controller = controller;
        return this;
    }

    int sleeps() {
        return sleeps;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public void sleep(Duration duration) {
        now = now.plus(duration);
        controller.whileSleeping(++sleeps);
    }
}
