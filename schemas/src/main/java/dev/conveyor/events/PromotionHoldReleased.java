package dev.conveyor.events;

import java.util.Objects;

/**
 * The hold a rollback put on auto-promotion into a stage was released.
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the stage
 * @param releasedBy  who released it
 */
public record PromotionHoldReleased(
        String pipeline,
        String stage,
        String releasedBy) implements PromotionEvent {
    public PromotionHoldReleased {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(releasedBy, "releasedBy");

    }

    @Override
    public EventType eventType() {
        return EventType.PROMOTION_HOLD_RELEASED;
    }
}
