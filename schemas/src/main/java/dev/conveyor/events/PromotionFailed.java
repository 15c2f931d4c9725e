package dev.conveyor.events;

import java.util.Objects;

/**
 * A promotion did not succeed: the sync failed, the application became degraded, it timed out, or the write failed.
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the stage
 * @param freight     the freight's id
 * @param kind        why it was promoted
 * @param application the stage's Application
 * @param commit      the promotion's commit, when one was made
 * @param reason      what went wrong
 */
public record PromotionFailed(
        String pipeline,
        String stage,
        String freight,
        PromotionEvent.Kind kind,
        String application,
        String commit,
        String reason) implements PromotionEvent {
    public PromotionFailed {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(freight, "freight");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");

    }

    @Override
    public EventType eventType() {
        return EventType.PROMOTION_FAILED;
    }
}
