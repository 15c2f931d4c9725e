package dev.conveyor.events;

import java.util.List;
import java.util.Objects;

/**
 * Freight is to be promoted to a stage (gates open, a person asked, or a rollback).
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the target stage
 * @param freight     the freight's id
 * @param images      the freight's image versions
 * @param kind        why
 * @param requestedBy the person who asked; null for AUTO
 */
public record PromotionRequested(
        String pipeline,
        String stage,
        String freight,
        List<PromotionEvent.FreightImage> images,
        PromotionEvent.Kind kind,
        String requestedBy) implements PromotionEvent {
    public PromotionRequested {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(freight, "freight");
        Objects.requireNonNull(kind, "kind");
        images = images == null ? List.of() : List.copyOf(images);
    }

    @Override
    public EventType eventType() {
        return EventType.PROMOTION_REQUESTED;
    }
}
