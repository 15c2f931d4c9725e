package dev.conveyor.events;

import java.util.Objects;

/**
 * The stage's application synced the promotion's commit (or a later one containing it) and is healthy.
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the stage
 * @param freight     the freight's id
 * @param kind        why it was promoted
 * @param application the stage's Application
 * @param commit      the promotion's commit
 * @param revision    the revision the syncer applied
 */
public record PromotionSucceeded(
        String pipeline,
        String stage,
        String freight,
        PromotionEvent.Kind kind,
        String application,
        String commit,
        String revision) implements PromotionEvent {
    public PromotionSucceeded {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(freight, "freight");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(revision, "revision");

    }

    @Override
    public EventType eventType() {
        return EventType.PROMOTION_SUCCEEDED;
    }
}
