package dev.conveyor.notifier.delivery;

import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.notifier.render.MessageRenderer;
import dev.conveyor.notifier.subscription.CelExpression;
import dev.conveyor.notifier.subscription.DestinationKind;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.notifier.subscription.MessageTemplate;
import dev.conveyor.notifier.subscription.SeverityMapping;
import dev.conveyor.notifier.subscription.Subscription;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationPlannerTest {

    final List<String> suppressed = new ArrayList<>();
    final DeliveryState state = new DeliveryState();
    final DigestBuffer digests = new DigestBuffer();
    Instant now = Instant.parse("2026-11-30T10:00:00Z");

    NotificationPlanner planner(Subscription... subs) {
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now; }
        };
        return new NotificationPlanner(() -> List.of(subs), name -> Map.of("name", name,
                "labels", Map.of("team", name.startsWith("pay") ? "payments" : "other")),
                Map.of("pd", DestinationKind.PAGERDUTY, "chat", DestinationKind.SLACK),
                new MessageRenderer(Optional.empty()), state, digests, new NotificationPlanner.Listener() {
            public void suppressed(String d, NotificationPlanner.Suppression r) { suppressed.add(r.name()); }
            public void evaluationFailed(String s, String r) { }
            public void digested(String d, int n) { }
        }, clock);
    }

    static Subscription sub(String condition, String resolveWhen, String oncePer, Duration digest, String... dest)
            throws DeclarationException {
        return new Subscription("s", "f.yaml", List.of("dev.conveyor.health.changed.v1"),
                opt(condition, CelExpression.Result.BOOL), opt(resolveWhen, CelExpression.Result.BOOL),
                opt("\"health/\" + subject", CelExpression.Result.STRING), opt(oncePer, CelExpression.Result.STRING),
                Optional.ofNullable(digest), SeverityMapping.ERROR, List.of(dest), Subscription.PagerDutyMode.INCIDENT,
                Map.of("default", MessageTemplate.parse("{data.application} is {data.to}", null, "t")));
    }

    static Optional<CelExpression> opt(String s, CelExpression.Result r) throws DeclarationException {
        return s == null ? Optional.empty() : Optional.of(CelExpression.compile(s, "f", r));
    }

    static InboundEvent health(String id, String app, String to) {
        return new InboundEvent(id, "dev.conveyor.health.changed.v1", "/syncer", app, null,
                Map.of("application", app, "to", to), null);
    }

    /** What the dispatcher does after a send: record it. */
    void delivered(List<Planned> planned) {
        for (Planned p : planned) {
            Notification n = p.notification();
            for (int i = 0; i < n.deliveryIds().size(); i++) {
                state.apply(new DeliveryRecord(n.deliveryIds().get(i), n.events().get(i).id(), n.subscription(),
                        n.destination(), DeliveryRecord.Result.DELIVERED, n.phase(), n.incidentKey(), n.onceKey(), null,
                        n.id(), now));
            }
        }
    }

    @Test
    void degradedRepeatedThenHealthyIsOneTriggerAndOneResolve() throws Exception {
        NotificationPlanner p = planner(sub("data.to == \"DEGRADED\"", "data.to == \"HEALTHY\"", null, null, "pd"));
        List<Planned> all = new ArrayList<>();
        for (InboundEvent e : List.of(health("1", "pay", "HEALTHY"), health("2", "pay", "DEGRADED"),
                health("3", "pay", "DEGRADED"), health("4", "pay", "HEALTHY"), health("5", "pay", "HEALTHY"))) {
            List<Planned> planned = p.plan(e, null);
            delivered(planned);
            all.addAll(planned);
        }
        assertThat(all).extracting(x -> x.notification().phase()).containsExactly(Phase.TRIGGER, Phase.RESOLVE);
        assertThat(all).extracting(x -> x.notification().incidentKey()).containsOnly("health/pay");
        assertThat(suppressed).containsExactly("NOTHING_TO_RESOLVE", "ALREADY_OPEN", "NOTHING_TO_RESOLVE");
    }

    @Test
    void aRecordedDeliveryOrDecisionIsNeverPlannedAgain() throws Exception {
        NotificationPlanner p = planner(sub("data.to == \"DEGRADED\"", "data.to == \"HEALTHY\"", null, null, "pd"));
        delivered(p.plan(health("1", "pay", "DEGRADED"), null));
        p.plan(health("2", "pay", "DEGRADED"), null); // suppressed: already open
        state.apply(p.drainSuppressed().get(0));
        delivered(p.plan(health("3", "pay", "HEALTHY"), null));
        // A replay of all three in the new state decides nothing new.
        suppressed.clear();
        for (String id : List.of("1", "2", "3")) {
            assertThat(p.plan(health(id, "pay", id.equals("3") ? "HEALTHY" : "DEGRADED"), null)).isEmpty();
        }
        assertThat(suppressed).containsOnly("DUPLICATE").hasSize(3);
    }

    @Test
    void labelsOfTheApplicationSelect() throws Exception {
        NotificationPlanner p = planner(sub("app.labels.team == \"payments\"", null, null, null, "chat"));
        assertThat(p.plan(health("1", "pay", "DEGRADED"), null)).hasSize(1);
        assertThat(p.plan(health("2", "search", "DEGRADED"), null)).isEmpty();
    }

    @Test
    void oncePerKeySendsOnce() throws Exception {
        NotificationPlanner p = planner(sub(null, null, "subject + \"/\" + data.to", null, "chat"));
        assertThat(p.plan(health("1", "pay", "DEGRADED"), null)).hasSize(1);
        assertThat(p.plan(health("2", "pay", "DEGRADED"), null)).isEmpty();
        assertThat(p.plan(health("3", "pay", "HEALTHY"), null)).hasSize(1);
        assertThat(suppressed).containsExactly("ONCE_PER");
    }

    @Test
    void aBurstInTheWindowIsOneDigestAndItsOffsetsAreHeld() throws Exception {
        NotificationPlanner p = planner(sub(null, null, null, Duration.ofSeconds(30), "chat"));
        for (int i = 0; i < 12; i++) {
            assertThat(p.plan(health("e" + i, "app" + i, "DEGRADED"), new Position("t", 0, 100 + i))).isEmpty();
        }
        assertThat(digests.lowestHeldOffsets()).containsEntry("t#0", 100L);
        now = now.plusSeconds(29);
        assertThat(p.closedDigests()).isEmpty();
        now = now.plusSeconds(1);
        List<Planned> out = p.closedDigests();
        assertThat(out).hasSize(1);
        Notification digest = out.get(0).notification();
        assertThat(digest.deliveryIds()).hasSize(12);
        assertThat(digest.message().title()).isEqualTo("12 notifications: app0 is DEGRADED");
        assertThat(out.get(0).positions()).hasSize(12);
        assertThat(digests.lowestHeldOffsets()).isEmpty();
    }

    @Test
    void droppedDigestsArePlannedAgainAfterTheStateIsRebuilt() throws Exception {
        NotificationPlanner p = planner(sub(null, null, "subject", Duration.ofSeconds(30), "chat"));
        p.plan(health("1", "pay", "DEGRADED"), new Position("t", 0, 7));
        // A rebalance drops the held window: the event will be read again, and must not count as told.
        digests.clear();
        p.plan(health("1", "pay", "DEGRADED"), new Position("t", 0, 7));
        assertThat(digests.size()).isZero();
        assertThat(suppressed).containsExactly("ONCE_PER"); // what happens without the rebuild
        state.clear(); // the rebuild: nothing of this was recorded
        p.plan(health("1", "pay", "DEGRADED"), new Position("t", 0, 7));
        assertThat(digests.size()).isEqualTo(1);
    }

    @Test
    void aConditionThatFailsOnAnEventIsNoMatch() throws Exception {
        NotificationPlanner p = planner(sub("data.missing == \"x\"", null, null, null, "chat"));
        assertThat(p.plan(health("1", "pay", "DEGRADED"), null)).isEmpty();
    }
}
