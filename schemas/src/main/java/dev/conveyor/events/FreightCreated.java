package dev.conveyor.events;

import java.util.List;
import java.util.Objects;

/**
 * A new set of image versions entered a pipeline at its first stage.
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the first stage, where the freight was found
 * @param freight     the freight's id
 * @param images      the image versions, sorted by image
 * @param source      what created it, e.g. the ImageUpdated policy and commit
 */
public record FreightCreated(
        String pipeline,
        String stage,
        String freight,
        List<PromotionEvent.FreightImage> images,
        String source) implements PromotionEvent {
    public FreightCreated {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(freight, "freight");
        Objects.requireNonNull(source, "source");
        images = images == null ? List.of() : List.copyOf(images);
    }

    @Override
    public EventType eventType() {
        return EventType.FREIGHT_CREATED;
    }
}
