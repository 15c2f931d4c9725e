package dev.conveyor.notifier.delivery;

import java.util.List;

/**
 * The durable side of delivery: records (the compacted deliveries topic) and dead letters. {@link #record} and
 * {@link #deadLetter} start a write as soon as an outcome is known — so that a crash right after a send loses as
 * little as possible — and {@link #awaitDurable()} returns once every write started so far is durable, because the
 * events' offsets are committed right after.
 */
public interface DeliveryJournal {

    void record(List<DeliveryRecord> records);

    /** Publishes a notification that could not be delivered, with the reason; never dropped silently. */
    void deadLetter(Notification notification, String reason, int attempts);

    /** Waits until everything recorded or dead-lettered so far is durable; throws when it cannot be. */
    void awaitDurable();
}
