package dev.conveyor.notifier.subscription;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is told what: the event types and CEL condition that select events, the named destinations, and how to say it.
 * Parsed by {@link SubscriptionParser} from the control repository, or built in by {@link DefaultCatalogue}.
 *
 * @param name          metadata.name (built-ins: {@code default-...})
 * @param declaredIn    the file it came from ({@code <built-in>} for defaults)
 * @param eventTypes    {@code ce_type}s; an entry ending in {@code *} matches by prefix
 * @param condition     selects events that need telling (a failure, a degradation); empty = every event of the types
 * @param resolveWhen   selects events that say the problem is over; sent only while an incident of the same
 *                      {@link #incidentKey} is open on that destination (so healthy syncs do not chatter)
 * @param incidentKey   the key of the incident: PagerDuty's {@code dedup_key}, Slack's thread; default
 *                      {@code "<name>/<subject>"}
 * @param oncePer       at most one notification per value of this expression (and phase) on each destination
 * @param digestWindow  when present, events matching within this window after the first become one message
 * @param severity      severity of a trigger (PagerDuty)
 * @param destinations  names of destinations from the application configuration
 * @param pagerDuty     PagerDuty behaviour: an incident (trigger/resolve) or a change event
 * @param templates     per destination kind, or {@code default}: Qute templates of the title and the body
 */
public record Subscription(String name, String declaredIn, List<String> eventTypes, Optional<CelExpression> condition,
                           Optional<CelExpression> resolveWhen, Optional<CelExpression> incidentKey,
                           Optional<CelExpression> oncePer, Optional<Duration> digestWindow, SeverityMapping severity,
                           List<String> destinations, PagerDutyMode pagerDuty, Map<String, MessageTemplate> templates) {

    public static final String BUILT_IN = "<built-in>";

    public enum PagerDutyMode { INCIDENT, CHANGE }

    public Subscription {
        Objects.requireNonNull(name, "name");
        eventTypes = List.copyOf(eventTypes);
        destinations = List.copyOf(destinations);
        templates = Map.copyOf(templates);
    }

    public boolean handlesType(String ceType) {
        for (String t : eventTypes) {
            if (t.endsWith("*") ? ceType.startsWith(t.substring(0, t.length() - 1)) : t.equals(ceType)) return true;
        }
        return false;
    }

    /** The template for a destination kind: its own title and body, else {@code default}'s, else the built-in ones. */
    public MessageTemplate template(DestinationKind kind) {
        MessageTemplate own = templates.get(kind.id());
        MessageTemplate shared = templates.get("default");
        if (own == null) return shared == null ? MessageTemplate.FALLBACK : shared;
        return shared == null ? own : own.orElse(shared);
    }
}
