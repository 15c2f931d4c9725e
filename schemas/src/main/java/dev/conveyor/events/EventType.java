package dev.conveyor.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The registry of event types: the CloudEvents {@code ce_type}, the topic, the record class and the schema of each.
 * Adding an event type means adding a constant here, a record, a schema and an example (the tests check all four).
 */
public enum EventType {

    COMMIT_PUSHED("dev.conveyor.commit.pushed.v1", Topics.COMMITS, CommitPushed.class, "commit-pushed.v1",
            "canonical repository URL",
            "A Git reference moved: commits pushed, branch or tag created, force-pushed or deleted."),

    IMAGE_TAGGED("dev.conveyor.image.tagged.v1", Topics.IMAGES, ImageTagged.class, "image-tagged.v1",
            "registry/repository",
            "A registry reports that a tag was pushed (a trigger: consumers re-read the registry)."),

    IMAGE_UPDATED("dev.conveyor.image.updated.v1", Topics.IMAGES, ImageUpdated.class, "image-updated.v1",
            "registry/repository",
            "The image-watcher chose a new image version by policy and committed it to Git."),

    SYNC_REQUESTED("dev.conveyor.sync.requested.v1", Topics.SYNC_REQUESTS, SyncRequested.class, "sync-requested.v1",
            "application name",
            "Work for the syncer: sync one application (by commit, interval, person, drift or rollback)."),

    SYNC_COMPLETED("dev.conveyor.sync.completed.v1", Topics.SYNCS, SyncCompleted.class, "sync-completed.v1",
            "application name",
            "The syncer applied an application's desired state: result, health, resources changed, duration."),

    DRIFT_DETECTED("dev.conveyor.drift.detected.v1", Topics.SYNCS, DriftDetected.class, "drift-detected.v1",
            "application name",
            "A managed object in the cluster no longer matches Git."),

    FREIGHT_CREATED("dev.conveyor.freight.created.v1", Topics.PROMOTIONS, FreightCreated.class, "freight-created.v1",
            "pipeline name",
            "A new set of image versions entered a pipeline at its first stage."),

    PROMOTION_REQUESTED("dev.conveyor.promotion.requested.v1", Topics.PROMOTIONS, PromotionRequested.class, "promotion-requested.v1",
            "pipeline name",
            "Freight is to be promoted to a stage (gates open, a person asked, or a rollback)."),

    PROMOTION_APPROVED("dev.conveyor.promotion.approved.v1", Topics.PROMOTIONS, PromotionApproved.class, "promotion-approved.v1",
            "pipeline name",
            "An allowed approver approved freight for a stage (identity from a verified bearer token)."),

    PROMOTION_BLOCKED("dev.conveyor.promotion.blocked.v1", Topics.PROMOTIONS, PromotionBlocked.class, "promotion-blocked.v1",
            "pipeline name",
            "Freight verified in the previous stage waits at a gate of the next one."),

    PROMOTION_STARTED("dev.conveyor.promotion.started.v1", Topics.PROMOTIONS, PromotionStarted.class, "promotion-started.v1",
            "pipeline name",
            "The promoter committed freight to a stage's path; the stage's application is expected to sync it."),

    PROMOTION_SUCCEEDED("dev.conveyor.promotion.succeeded.v1", Topics.PROMOTIONS, PromotionSucceeded.class, "promotion-succeeded.v1",
            "pipeline name",
            "The stage's application synced the promotion's commit (or a later one containing it) and is healthy."),

    PROMOTION_FAILED("dev.conveyor.promotion.failed.v1", Topics.PROMOTIONS, PromotionFailed.class, "promotion-failed.v1",
            "pipeline name",
            "A promotion did not succeed: the sync failed, the application became degraded, it timed out, or the write failed."),

    PROMOTION_HOLD_RELEASED("dev.conveyor.promotion.hold.released.v1", Topics.PROMOTIONS, PromotionHoldReleased.class, "promotion-hold-released.v1",
            "pipeline name",
            "The hold a rollback put on auto-promotion into a stage was released."),

    HEALTH_CHANGED("dev.conveyor.health.changed.v1", Topics.SYNCS, HealthChanged.class, "health-changed.v1",
            "application name",
            "An application's aggregated health changed.");

    private final String ceType;
    private final String topic;
    private final Class<? extends ConveyorEvent> recordClass;
    private final String schemaName;
    private final String keyDescription;
    private final String description;

    EventType(String ceType, String topic, Class<? extends ConveyorEvent> recordClass, String schemaName,
              String keyDescription, String description) {
        this.ceType = ceType;
        this.topic = topic;
        this.recordClass = recordClass;
        this.schemaName = schemaName;
        this.keyDescription = keyDescription;
        this.description = description;
    }

    /** CloudEvents {@code ce_type}, e.g. {@code dev.conveyor.commit.pushed.v1}. */
    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends ConveyorEvent> recordClass() {
        return recordClass;
    }

    /** Classpath resource of the JSON Schema. */
    public String schemaResource() {
        return "/dev/conveyor/events/schemas/" + schemaName + ".schema.json";
    }

    /** Classpath resource of the example that the tests validate against the schema. */
    public String exampleResource() {
        return "/dev/conveyor/events/examples/" + schemaName + ".json";
    }

    public String schemaName() {
        return schemaName;
    }

    public String keyDescription() {
        return keyDescription;
    }

    public String description() {
        return description;
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
