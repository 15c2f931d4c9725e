package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import dev.conveyor.syncer.health.LiveObject.Condition;

import java.util.Optional;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;

/**
 * Health of kinds without a dedicated check (custom resources above all) from the conventions most controllers follow
 * (Kubernetes API conventions, kstatus):
 * <ol>
 *   <li>{@code status.observedGeneration} below {@code metadata.generation} → Progressing (the status is stale);</li>
 *   <li>{@code Stalled=True} → Degraded;</li>
 *   <li>{@code Reconciling=True} → Progressing;</li>
 *   <li>{@code Ready}, or else {@code Available}: True → Healthy, False → Degraded, Unknown → Progressing (a condition
 *       whose own observedGeneration is below the object's generation is stale → Progressing).</li>
 * </ol>
 * Conditions the rules do not name are ignored.
 */
final class ConditionsHealth {

    private ConditionsHealth() {
    }

    /** Empty when the object's status says nothing these rules understand. */
    static Optional<ResourceHealth> assess(LiveObject o) {
        Optional<Long> observed = o.observedGeneration();
        if (observed.isPresent() && observed.get() < o.generation()) {
            return Optional.of(ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for the controller to observe generation %d (status is for generation %d)",
                    o.generation(), observed.get())));
        }
        Optional<Condition> stalled = o.condition("Stalled");
        if (stalled.isPresent() && stalled.get().isTrue()) {
            return Optional.of(ResourceHealth.of(DEGRADED, "Stalled" + detail(stalled.get())));
        }
        Optional<Condition> reconciling = o.condition("Reconciling");
        if (reconciling.isPresent() && reconciling.get().isTrue()) {
            return Optional.of(ResourceHealth.of(PROGRESSING, "Reconciling" + detail(reconciling.get())));
        }
        Optional<Condition> readiness = o.condition("Ready").or(() -> o.condition("Available"));
        if (readiness.isEmpty()) {
            return Optional.empty();
        }
        Condition c = readiness.get();
        if (c.observedGeneration() > 0 && c.observedGeneration() < o.generation()) {
            return Optional.of(ResourceHealth.of(PROGRESSING, String.format(
                    "Waiting for the controller to observe generation %d (%s condition is for generation %d)",
                    o.generation(), c.type(), c.observedGeneration())));
        }
        if (c.isTrue()) {
            return Optional.of(ResourceHealth.of(HEALTHY, c.type() + detail(c)));
        }
        if (c.isFalse()) {
            return Optional.of(ResourceHealth.of(DEGRADED, "Not " + c.type().toLowerCase() + detail(c)));
        }
        String status = c.status() == null ? "not reported" : c.status();
        return Optional.of(ResourceHealth.of(PROGRESSING, c.type() + " is " + status + detail(c)));
    }

    private static String detail(Condition c) {
        String described = c.describe();
        return described.isEmpty() ? "" : ": " + described;
    }
}
