package dev.conveyor.syncer.apply;

import java.time.Duration;
import java.time.Instant;

/** Time for the waits of a sync (wave health, hooks): injected so that tests run without real waiting. */
public interface SyncClock {

    Instant now();

    void sleep(Duration duration) throws InterruptedException;

    /** The wall clock and {@link Thread#sleep}. */
    static SyncClock system() {
        return new SyncClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }
}
