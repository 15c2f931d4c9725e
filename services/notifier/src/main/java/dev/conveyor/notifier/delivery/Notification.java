package dev.conveyor.notifier.delivery;

import dev.conveyor.notifier.subscription.DestinationKind;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.notifier.subscription.Subscription;

import java.util.List;
import java.util.Objects;

/**
 * One message to one destination, ready to send. It covers one event, or several when a digest window summarised a
 * burst; {@link #deliveryIds()} then lists one delivery id per event, all recorded when the message is sent.
 *
 * @param id           the id of this message (the single event's delivery id, or a hash of the digest's)
 * @param deliveryIds  the (event, subscription, destination) ids this message completes
 * @param subscription the subscription's name
 * @param destination  the destination's name
 * @param kind         what the destination is
 * @param pagerDuty    incident (trigger/resolve) or change event
 * @param phase        trigger or resolve
 * @param incidentKey  PagerDuty dedup_key, Slack thread key
 * @param onceKey      the oncePer key, when the subscription has one
 * @param severity     critical, error, warning or info
 * @param events       the events told, oldest first
 * @param message      the rendered text
 */
public record Notification(String id, List<String> deliveryIds, String subscription, String destination,
                           DestinationKind kind, Subscription.PagerDutyMode pagerDuty, Phase phase, String incidentKey,
                           String onceKey, String severity, List<InboundEvent> events, Message message) {

    public Notification {
        Objects.requireNonNull(id, "id");
        deliveryIds = List.copyOf(deliveryIds);
        events = List.copyOf(events);
    }

    public boolean isDigest() {
        return events.size() > 1;
    }

    /** The newest event told. */
    public InboundEvent lastEvent() {
        return events.get(events.size() - 1);
    }

    /** Messages of one chain are sent in order (a resolve never overtakes its trigger); chains run in parallel. */
    public String chain() {
        return destination + "\n" + incidentKey;
    }
}
