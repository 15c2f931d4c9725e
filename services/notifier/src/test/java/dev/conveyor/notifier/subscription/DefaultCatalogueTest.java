package dev.conveyor.notifier.subscription;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.notifier.delivery.DeliveryState;
import dev.conveyor.notifier.delivery.DigestBuffer;
import dev.conveyor.notifier.delivery.NotificationPlanner;
import dev.conveyor.notifier.delivery.Planned;
import dev.conveyor.notifier.render.MessageRenderer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-ins against the published event examples of schemas/ (and hand-written promotion events). */
class DefaultCatalogueTest {

    static final Map<String, DestinationKind> DESTINATIONS = new LinkedHashMap<>(Map.of("chat", DestinationKind.SLACK,
            "oncall", DestinationKind.PAGERDUTY));

    static Map<String, Object> example(String name) throws Exception {
        try (InputStream in = DefaultCatalogueTest.class.getResourceAsStream("/dev/conveyor/events/examples/" + name)) {
            return new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { });
        }
    }

    List<Planned> plan(InboundEvent e) {
        List<Subscription> subs = DefaultCatalogue.build(DefaultCatalogue.ALL, DESTINATIONS, Optional.empty());
        NotificationPlanner planner = new NotificationPlanner(() -> subs, n -> Map.of(), DESTINATIONS,
                new MessageRenderer(Optional.of("https://ui/{application}")), new DeliveryState(), new DigestBuffer(),
                new NotificationPlanner.Listener() {
                    public void suppressed(String d, NotificationPlanner.Suppression r) { }
                    public void evaluationFailed(String s, String r) { throw new AssertionError(s + ": " + r); }
                    public void digested(String d, int n) { }
                }, Clock.systemUTC());
        return planner.plan(e, null);
    }

    @Test
    void everyBuiltInCompiles() {
        List<Subscription> subs = DefaultCatalogue.build(DefaultCatalogue.ALL, DESTINATIONS, Optional.of(Duration.ofSeconds(30)));
        assertThat(subs).extracting(Subscription::name).contains("default-on-sync-failed",
                "default-on-sync-failed-pagerduty", "default-on-deployed-pagerduty", "default-on-drift-detected",
                "default-on-promotion-awaiting-approval", "default-on-promotion-failed", "default-on-health-degraded");
        // No page that cannot heal.
        assertThat(subs).filteredOn(s -> s.destinations().contains("oncall"))
                .allMatch(s -> s.resolveWhen().isPresent() || s.pagerDuty() == Subscription.PagerDutyMode.CHANGE);
    }

    @Test
    void aDeploymentIsAChatMessageAndAPagerDutyChangeEvent() throws Exception {
        List<Planned> planned = plan(new InboundEvent("e1", "dev.conveyor.sync.completed.v1", "/syncer", "payments-dev",
                null, example("sync-completed.v1.json"), null));
        assertThat(planned).extracting(p -> p.notification().destination()).containsExactlyInAnyOrder("chat", "oncall");
        Planned pd = planned.stream().filter(p -> p.notification().destination().equals("oncall")).findFirst().orElseThrow();
        assertThat(pd.notification().pagerDuty()).isEqualTo(Subscription.PagerDutyMode.CHANGE);
        assertThat(pd.notification().message().title()).isEqualTo("payments-dev deployed 0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
        assertThat(pd.notification().message().body()).isEqualTo("0 created, 1 updated, 1 pruned in 412 ms");
        assertThat(pd.notification().message().links()).extracting(l -> l.url()).containsExactly(
                "https://github.com/acme/payments/commit/0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "https://ui/payments-dev");
    }

    @Test
    void aFailedSyncPagesAndTellsChat() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>(example("sync-completed.v1.json"));
        data.put("result", "FAILED");
        data.put("message", "apply failed");
        List<Planned> planned = plan(new InboundEvent("e2", "dev.conveyor.sync.completed.v1", "/syncer", "payments-dev",
                null, data, null));
        assertThat(planned).extracting(p -> p.notification().subscription()).containsExactlyInAnyOrder(
                "default-on-sync-failed", "default-on-sync-failed-pagerduty");
        assertThat(planned).extracting(p -> p.notification().incidentKey()).containsOnly("sync/payments-dev");
        assertThat(planned.get(0).notification().message().body()).isEqualTo("apply failed");
    }

    @Test
    void healthDriftAndPromotionsFromTheirEvents() throws Exception {
        Map<String, Object> degraded = new LinkedHashMap<>(example("health-changed.v1.json"));
        degraded.put("to", "DEGRADED");
        assertThat(plan(new InboundEvent("h", "dev.conveyor.health.changed.v1", "/s", "a", null, degraded, null)))
                .extracting(p -> p.notification().severity()).containsOnly("critical");
        assertThat(plan(new InboundEvent("d", "dev.conveyor.drift.detected.v1", "/s", "a", null,
                example("drift-detected.v1.json"), null))).extracting(p -> p.notification().destination()).containsExactly("chat");
        // Shaped like the promoter's promotion-blocked.v1 and promotion-failed.v1 examples.
        List<Planned> approval = plan(new InboundEvent("p", "dev.conveyor.promotion.blocked.v1", "/promoter", "payments/prod",
                null, Map.of("pipeline", "payments", "stage", "prod", "freight", "f-3a9c", "gate", "APPROVAL",
                "message", "1 of 2 approvals from payments-leads"), null));
        assertThat(approval).extracting(p -> p.notification().message().title())
                .containsExactly("Promotion of payments to prod is waiting for approval");
        assertThat(approval.get(0).notification().message().body())
                .isEqualTo("1 of 2 approvals from payments-leads\nFreight f-3a9c");
        assertThat(plan(new InboundEvent("p2", "dev.conveyor.promotion.blocked.v1", "/promoter", "payments/prod", null,
                Map.of("pipeline", "payments", "stage", "prod", "gate", "FREEZE_WINDOW"), null))).isEmpty();
        List<Planned> failed = plan(new InboundEvent("p3", "dev.conveyor.promotion.failed.v1", "/promoter",
                "payments/staging", null, Map.of("pipeline", "payments", "stage", "staging", "application",
                "payments-staging", "reason", "payments-staging became DEGRADED"), null));
        assertThat(failed).extracting(p -> p.notification().destination()).containsExactlyInAnyOrder("chat", "oncall");
        assertThat(failed).extracting(p -> p.notification().incidentKey()).containsOnly("promotion/payments/staging");
        assertThat(failed.get(0).notification().message().title()).isEqualTo("Promotion of payments to staging failed");
        assertThat(failed.get(0).notification().message().body()).isEqualTo("payments-staging became DEGRADED");
    }
}
