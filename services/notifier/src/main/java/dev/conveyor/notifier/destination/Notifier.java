package dev.conveyor.notifier.destination;

import dev.conveyor.notifier.delivery.Notification;

/**
 * The one-method port to a destination: sends one message, or says why not and whether trying again may help. One
 * adapter per kind of destination (Slack, PagerDuty, Teams, webhook); each call has a timeout.
 */
public interface Notifier {

    /**
     * @return what the destination said that matters later (a Slack thread ts)
     * @throws DeliveryException transient (retry) or terminal (dead-letter now)
     */
    Receipt send(Notification notification) throws DeliveryException;

    /** @param thread the Slack {@code ts} of the message that started a thread, or null */
    record Receipt(String thread) {
        public static final Receipt NONE = new Receipt(null);
    }
}
