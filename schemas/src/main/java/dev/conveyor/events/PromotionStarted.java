package dev.conveyor.events;

import java.util.List;
import java.util.Objects;

/**
 * The promoter committed freight to a stage's path; the stage's application is expected to sync it.
 *
 * @param pipeline    name of the Pipeline
 * @param stage       the target stage
 * @param freight     the freight's id
 * @param images      the image versions written
 * @param kind        why
 * @param application the stage's Application (syncer)
 * @param repository  canonical URL of the repository written
 * @param branch      branch written
 * @param path        file written
 * @param commit      commit that holds the freight
 * @param approvers   who approved it
 * @param hold        auto-promotion into this stage is held (a rollback)
 */
public record PromotionStarted(
        String pipeline,
        String stage,
        String freight,
        List<PromotionEvent.FreightImage> images,
        PromotionEvent.Kind kind,
        String application,
        String repository,
        String branch,
        String path,
        String commit,
        List<String> approvers,
        boolean hold) implements PromotionEvent {
    public PromotionStarted {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(freight, "freight");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(commit, "commit");
        images = images == null ? List.of() : List.copyOf(images);
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    @Override
    public EventType eventType() {
        return EventType.PROMOTION_STARTED;
    }
}
