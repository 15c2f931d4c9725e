package dev.conveyor.notifier;

import dev.conveyor.notifier.delivery.BatchDispatcher;
import dev.conveyor.notifier.delivery.DeliveryExecutor;
import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.delivery.NotificationPlanner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Every metric the notifier exposes, named once here so dashboards and alerts cannot drift from the code. */
@ApplicationScoped
public class NotifierMetrics implements NotificationPlanner.Listener, DeliveryExecutor.Listener, BatchDispatcher.Listener {

    private static final Logger LOG = Logger.getLogger(NotifierMetrics.class);

    /** {@code conveyor_notifier_deliveries_total{destination,kind,result}}: result delivered or dead_lettered */
    public static final String DELIVERIES = "conveyor.notifier.deliveries";
    /** {@code conveyor_notifier_retries_total{destination}} */
    public static final String RETRIES = "conveyor.notifier.retries";
    /** {@code conveyor_notifier_dead_letters_total{destination}} */
    public static final String DEAD_LETTERS = "conveyor.notifier.dead.letters";
    /** {@code conveyor_notifier_suppressed_total{destination,reason}}: duplicate, once_per, nothing_to_resolve, already_open */
    public static final String SUPPRESSED = "conveyor.notifier.suppressed";
    /** {@code conveyor_notifier_digested_events_total{destination}}: events told in a digest instead of alone */
    public static final String DIGESTED = "conveyor.notifier.digested.events";
    /** {@code conveyor_notifier_delivery_latency_seconds{destination}}: from the event's ce_time to delivery */
    public static final String LATENCY = "conveyor.notifier.delivery.latency";
    /** {@code conveyor_notifier_condition_errors_total{subscription}}: CEL that failed on an event (counts as no match) */
    public static final String CONDITION_ERRORS = "conveyor.notifier.condition.errors";
    /** {@code conveyor_notifier_invalid_subscriptions}: gauge */
    public static final String INVALID_SUBSCRIPTIONS = "conveyor.notifier.invalid.subscriptions";
    /** {@code conveyor_notifier_subscriptions}: gauge of active subscriptions (built-ins included) */
    public static final String SUBSCRIPTIONS = "conveyor.notifier.subscriptions";
    /** {@code conveyor_notifier_unreadable_events_total{topic}}: records that are not CloudEvents with JSON data */
    public static final String UNREADABLE = "conveyor.notifier.unreadable.events";

    private final MeterRegistry registry;

    public NotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void suppressed(String destination, NotificationPlanner.Suppression reason) {
        Counter.builder(SUPPRESSED).description("Notifications not sent: duplicates and repeats")
                .tag("destination", destination).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    @Override
    public void evaluationFailed(String subscription, String reason) {
        Counter.builder(CONDITION_ERRORS).description("CEL expressions that failed on an event (no match)")
                .tag("subscription", subscription).register(registry).increment();
        LOG.debugf("subscription %s: %s", subscription, reason);
    }

    @Override
    public void digested(String destination, int events) {
        Counter.builder(DIGESTED).description("Events told in a digest message").tag("destination", destination)
                .register(registry).increment(events);
    }

    @Override
    public void retrying(Notification n, int attempt, String reason, Duration delay) {
        Counter.builder(RETRIES).description("Send attempts that failed and are retried")
                .tag("destination", n.destination()).register(registry).increment();
        LOG.infof("notification %s to %s: attempt %d failed (%s); retrying in %d ms", n.id(), n.destination(), attempt,
                reason, delay.toMillis());
    }

    @Override
    public void delivered(Notification n, int attempts) {
        deliveries(n, "delivered");
        Instant oldest = n.events().get(0).time() == null ? null : n.events().get(0).time().toInstant();
        if (oldest != null) {
            Timer.builder(LATENCY).description("From the event's time to its delivery").tag("destination", n.destination())
                    .publishPercentileHistogram().register(registry)
                    .record(Duration.between(oldest, Instant.now()).abs());
        }
    }

    @Override
    public void deadLettered(Notification n, String reason, int attempts) {
        deliveries(n, "dead_lettered");
        Counter.builder(DEAD_LETTERS).description("Notifications sent to the dead-letter topic")
                .tag("destination", n.destination()).register(registry).increment();
        LOG.warnf("notification %s (subscription %s, %d event(s)) to %s dead-lettered after %d attempt(s): %s",
                n.id(), n.subscription(), n.events().size(), n.destination(), attempts, reason);
    }

    private void deliveries(Notification n, String result) {
        Counter.builder(DELIVERIES).description("Notifications by destination and result")
                .tag("destination", n.destination()).tag("kind", n.kind().id()).tag("result", result)
                .register(registry).increment();
    }

    public void unreadable(String topic) {
        Counter.builder(UNREADABLE).description("Records that are not CloudEvents with JSON data").tag("topic", topic)
                .register(registry).increment();
    }
}
