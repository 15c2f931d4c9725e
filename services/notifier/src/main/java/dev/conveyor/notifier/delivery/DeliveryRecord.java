package dev.conveyor.notifier.delivery;

import java.time.Instant;

/**
 * What the deliveries topic remembers about one (event, subscription, destination), keyed by {@link #id()}: enough to
 * rebuild, on start, which deliveries are done, which oncePer keys are used, which incidents are open and which
 * Slack thread belongs to an incident.
 *
 * @param id          the delivery id
 * @param eventId     the event's ce_id
 * @param subscription subscription name
 * @param destination destination name
 * @param result      DELIVERED, DEAD_LETTERED or SUPPRESSED (all mean: done, never decide again)
 * @param phase       trigger or resolve
 * @param incidentKey the incident key
 * @param onceKey     the oncePer key, or null
 * @param thread      the Slack thread ts the message started or joined, or null
 * @param messageId   the message that carried it (differs from id for a digest)
 * @param at          when it was recorded
 */
public record DeliveryRecord(String id, String eventId, String subscription, String destination, Result result,
                             Phase phase, String incidentKey, String onceKey, String thread, String messageId,
                             Instant at) {

    /** SUPPRESSED: decided not to send (a repeat): recorded so that a replay decides the same. */
    public enum Result { DELIVERED, DEAD_LETTERED, SUPPRESSED }
}
