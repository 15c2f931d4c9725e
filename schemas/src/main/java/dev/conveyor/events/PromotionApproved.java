package dev.conveyor.events;

import java.util.List;
import java.util.Objects;

/**
 * An allowed approver approved freight for a stage (identity from a verified bearer token).
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the stage approved for
 * @param freight     the freight's id
 * @param approver    who approved (the token's user)
 * @param groups      the approver's groups from the token
 */
public record PromotionApproved(
        String pipeline,
        String stage,
        String freight,
        String approver,
        List<String> groups) implements PromotionEvent {
    public PromotionApproved {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(freight, "freight");
        Objects.requireNonNull(approver, "approver");
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    @Override
    public EventType eventType() {
        return EventType.PROMOTION_APPROVED;
    }
}
