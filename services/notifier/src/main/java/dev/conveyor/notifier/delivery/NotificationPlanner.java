package dev.conveyor.notifier.delivery;

import dev.conveyor.notifier.render.MessageRenderer;
import dev.conveyor.notifier.subscription.CelExpression;
import dev.conveyor.notifier.subscription.DestinationKind;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.notifier.subscription.Subscription;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides, without side effects beyond its own bookkeeping, what to tell about an event: which subscriptions match
 * (type, then CEL condition or resolveWhen), and for each destination whether the notification is a duplicate (its
 * delivery id is recorded), a repeat of a oncePer key, a resolve of nothing open, held for a digest, or to be sent
 * now. Owned by the consumer loop; not thread-safe.
 */
public final class NotificationPlanner {

    /** Why a notification was not sent. */
    public enum Suppression { DUPLICATE, ONCE_PER, NOTHING_TO_RESOLVE, ALREADY_OPEN }

    /** What the planner reports (metrics); the Quarkus edge implements it. */
    public interface Listener {
        void suppressed(String destination, Suppression reason);

        void evaluationFailed(String subscription, String reason);

        void digested(String destination, int events);
    }

    private final Supplier<List<Subscription>> subscriptions;
    private final Function<String, Map<String, Object>> applications;
    private final Map<String, DestinationKind> destinations;
    private final MessageRenderer renderer;
    private final DeliveryState state;
    private final DigestBuffer digests;
    private final Listener listener;
    private final Clock clock;
    private final List<DeliveryRecord> suppressed = new ArrayList<>();

    public NotificationPlanner(Supplier<List<Subscription>> subscriptions,
                               Function<String, Map<String, Object>> applications,
                               Map<String, DestinationKind> destinations, MessageRenderer renderer, DeliveryState state,
                               DigestBuffer digests, Listener listener, Clock clock) {
        this.subscriptions = subscriptions;
        this.applications = applications;
        this.destinations = Map.copyOf(destinations);
        this.renderer = renderer;
        this.state = state;
        this.digests = digests;
        this.listener = listener;
        this.clock = clock;
    }

    /** The notifications to send now for {@code event}; digest notifications are held (see {@link #closedDigests()}). */
    public List<Planned> plan(InboundEvent event, Position position) {
        List<Planned> now = new ArrayList<>();
        Map<String, Object> app = applications.apply(MessageRenderer.application(event));
        CelExpression.Variables vars = null;
        for (Subscription s : subscriptions.get()) {
            if (!s.handlesType(event.type())) continue;
            if (vars == null) vars = CelExpression.Variables.of(event, app);
            Optional<Phase> phase = phase(s, vars);
            if (phase.isEmpty()) continue;
            String incidentKey = text(s, s.incidentKey(), vars).orElse(s.name() + "/" + event.subject());
            String onceKey = s.oncePer().isPresent() ? text(s, s.oncePer(), vars).orElse(null) : null;
            if (s.oncePer().isPresent() && onceKey == null) continue; // the key could not be computed: said in a metric
            String severity = s.severity().severityOf(vars);
            for (String destination : s.destinations()) {
                DestinationKind kind = destinations.get(destination);
                if (kind == null) continue; // a built-in routed to a destination that is not configured
                String deliveryId = DeliveryIds.of(event.id(), s.name(), destination);
                if (state.isDone(deliveryId)) {
                    listener.suppressed(destination, Suppression.DUPLICATE);
                    continue;
                }
                if (phase.get() == Phase.RESOLVE && !state.incidentOpen(s.name(), destination, incidentKey)) {
                    listener.suppressed(destination, Suppression.NOTHING_TO_RESOLVE);
                    suppress(deliveryId, event, s, destination, phase.get(), incidentKey, onceKey);
                    continue;
                }
                // With a resolve, a trigger while the incident is open is a repeat: one page per incident.
                if (phase.get() == Phase.TRIGGER && s.resolveWhen().isPresent()
                        && state.incidentOpen(s.name(), destination, incidentKey)) {
                    listener.suppressed(destination, Suppression.ALREADY_OPEN);
                    suppress(deliveryId, event, s, destination, phase.get(), incidentKey, onceKey);
                    continue;
                }
                if (onceKey != null && state.onceKeyUsed(s.name(), destination, phase.get(), onceKey)) {
                    listener.suppressed(destination, Suppression.ONCE_PER);
                    suppress(deliveryId, event, s, destination, phase.get(), incidentKey, onceKey);
                    continue;
                }
                if (onceKey != null) state.useOnceKey(s.name(), destination, phase.get(), onceKey);
                state.incident(s.name(), destination, incidentKey, phase.get() == Phase.TRIGGER);
                Message message = renderer.render(s, kind, event, app);
                Notification n = new Notification(deliveryId, List.of(deliveryId), s.name(), destination, kind,
                        s.pagerDuty(), phase.get(), incidentKey, onceKey, severity, List.of(event), message);
                Optional<Duration> window = digestWindow(s, kind);
                if (window.isPresent()) {
                    digests.hold(n, position, window.get(), clock.instant());
                } else {
                    now.add(new Planned(n, position == null ? List.of() : List.of(position)));
                }
            }
        }
        return now;
    }

    /**
     * The decisions not to send since the last call, as records: written with the batch, so that a replay of the same
     * events (redelivery, restart) finds them done instead of deciding again in a different state.
     */
    public List<DeliveryRecord> drainSuppressed() {
        List<DeliveryRecord> out = List.copyOf(suppressed);
        suppressed.clear();
        return out;
    }

    private void suppress(String deliveryId, InboundEvent event, Subscription s, String destination, Phase phase,
                          String incidentKey, String onceKey) {
        DeliveryRecord r = new DeliveryRecord(deliveryId, event.id(), s.name(), destination,
                DeliveryRecord.Result.SUPPRESSED, phase, incidentKey, onceKey, null, null, clock.instant());
        suppressed.add(r);
        state.apply(r);
    }

    /** The digests whose window has closed, one notification each (a window that held one event is a plain message). */
    public List<Planned> closedDigests() {
        List<Planned> out = new ArrayList<>();
        for (List<DigestBuffer.Held> held : digests.closed(clock.instant())) {
            List<Position> positions = held.stream().map(DigestBuffer.Held::position)
                    .filter(java.util.Objects::nonNull).toList();
            if (held.size() == 1) {
                out.add(new Planned(held.get(0).notification(), positions));
                continue;
            }
            Notification first = held.get(0).notification();
            List<String> ids = new ArrayList<>();
            List<InboundEvent> events = new ArrayList<>();
            List<Message> messages = new ArrayList<>();
            for (DigestBuffer.Held h : held) {
                ids.addAll(h.notification().deliveryIds());
                events.addAll(h.notification().events());
                messages.add(h.notification().message());
            }
            Message digest = renderer.digest(first.subscription(), messages, events);
            Notification last = held.get(held.size() - 1).notification();
            listener.digested(first.destination(), held.size());
            out.add(new Planned(new Notification(DeliveryIds.digest(ids), ids, first.subscription(),
                    first.destination(), first.kind(), first.pagerDuty(), first.phase(),
                    first.subscription() + "/digest", null, last.severity(), events, digest), positions));
        }
        return out;
    }

    /** PagerDuty incidents are never merged: each has its own dedup key, and PagerDuty groups them itself. */
    private static Optional<Duration> digestWindow(Subscription s, DestinationKind kind) {
        if (kind == DestinationKind.PAGERDUTY && s.pagerDuty() == Subscription.PagerDutyMode.INCIDENT) {
            return Optional.empty();
        }
        return s.digestWindow();
    }

    private Optional<Phase> phase(Subscription s, CelExpression.Variables vars) {
        try {
            if (s.condition().isEmpty() || s.condition().get().test(vars)) return Optional.of(Phase.TRIGGER);
        } catch (CelExpression.EvaluationException e) {
            listener.evaluationFailed(s.name(), e.getMessage());
        }
        if (s.resolveWhen().isPresent()) {
            try {
                if (s.resolveWhen().get().test(vars)) return Optional.of(Phase.RESOLVE);
            } catch (CelExpression.EvaluationException e) {
                listener.evaluationFailed(s.name(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private Optional<String> text(Subscription s, Optional<CelExpression> expression, CelExpression.Variables vars) {
        if (expression.isEmpty()) return Optional.empty();
        try {
            return Optional.of(expression.get().text(vars));
        } catch (CelExpression.EvaluationException e) {
            listener.evaluationFailed(s.name(), e.getMessage());
            return Optional.empty();
        }
    }
}
