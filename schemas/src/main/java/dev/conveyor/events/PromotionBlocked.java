package dev.conveyor.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Freight verified in the previous stage waits at a gate of the next one.
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the stage waited for
 * @param freight     the freight's id
 * @param gate        the gate that holds it
 * @param message     why, for people
 * @param approvals   approvals so far (APPROVAL)
 * @param required    approvals required (APPROVAL)
 * @param until       when the gate opens by itself (FREEZE), when known
 */
public record PromotionBlocked(
        String pipeline,
        String stage,
        String freight,
        Gate gate,
        String message,
        List<String> approvals,
        int required,
        Instant until) implements PromotionEvent {

    /** Which gate holds the freight. */
    public enum Gate { APPROVAL, FREEZE, CONDITION, HOLD, MANUAL, SOAK }

    public PromotionBlocked {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(freight, "freight");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(message, "message");
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    @Override
    public EventType eventType() {
        return EventType.PROMOTION_BLOCKED;
    }
}
