package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import dev.conveyor.syncer.health.LiveObject.Condition;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;

/**
 * HorizontalPodAutoscaler health from its conditions: {@code status.conditions} in autoscaling/v2, the
 * {@code autoscaling.alpha.kubernetes.io/conditions} annotation (a JSON string) in autoscaling/v1.
 * <ul>
 *   <li>AbleToScale=False with a Failed… reason (it cannot read or update its target's scale) → Degraded;</li>
 *   <li>ScalingActive=False with a Failed… or Invalid… reason (metrics missing, bad selector) → Degraded;</li>
 *   <li>ScalingActive=False with ScalingDisabled (the target is scaled to zero) → Suspended;</li>
 *   <li>AbleToScale=True → Healthy; no conditions yet → Progressing.</li>
 * </ul>
 */
final class AutoscalerHealth {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String V1_CONDITIONS_ANNOTATION = "autoscaling.alpha.kubernetes.io/conditions";

    private AutoscalerHealth() {
    }

    static ResourceHealth horizontalPodAutoscaler(LiveObject hpa) {
        List<Condition> conditions = conditions(hpa);
        Optional<Condition> ableToScale = find(conditions, "AbleToScale");
        Optional<Condition> scalingActive = find(conditions, "ScalingActive");
        if (ableToScale.isPresent() && ableToScale.get().isFalse() && startsWith(ableToScale.get().reason(), "Failed")) {
            return ResourceHealth.of(DEGRADED, "Cannot scale the target: " + ableToScale.get().describe());
        }
        if (scalingActive.isPresent() && scalingActive.get().isFalse()) {
            Condition active = scalingActive.get();
            if (startsWith(active.reason(), "Failed") || startsWith(active.reason(), "Invalid")) {
                return ResourceHealth.of(DEGRADED, "Autoscaling is not active: " + active.describe());
            }
            if ("ScalingDisabled".equals(active.reason())) {
                return ResourceHealth.of(SUSPENDED, "Autoscaling is disabled: " + active.describe());
            }
        }
        if (ableToScale.isPresent() && ableToScale.get().isTrue()) {
            Optional<Condition> limited = find(conditions, "ScalingLimited");
            String detail = limited.filter(Condition::isTrue).map(Condition::describe)
                    .orElse(ableToScale.get().describe());
            return ResourceHealth.of(HEALTHY, String.format("%d current / %d desired replicas%s",
                    hpa.number("/status/currentReplicas", 0), hpa.number("/status/desiredReplicas", 0),
                    detail.isEmpty() ? "" : ": " + detail));
        }
        return ResourceHealth.of(PROGRESSING, "Waiting to autoscale"
                + ableToScale.map(c -> c.describe().isEmpty() ? "" : ": " + c.describe()).orElse(""));
    }

    private static List<Condition> conditions(LiveObject hpa) {
        List<Condition> conditions = hpa.conditions();
        String annotation = hpa.text("/metadata/annotations/" + V1_CONDITIONS_ANNOTATION.replace("/", "~1"));
        if (conditions.isEmpty() && annotation != null) {
            try {
                JsonNode parsed = MAPPER.readTree(annotation);
                return Condition.listFrom(parsed == null ? MAPPER.missingNode() : parsed);
            } catch (IOException e) {
                return conditions;
            }
        }
        return conditions;
    }

    private static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }

    private static boolean startsWith(String reason, String prefix) {
        return reason != null && reason.startsWith(prefix);
    }
}
