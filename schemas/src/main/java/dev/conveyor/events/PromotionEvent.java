package dev.conveyor.events;

/**
 * An event about one pipeline: keyed by the pipeline, so everything about one pipeline — freight, requests,
 * approvals, promotions, holds — is ordered on one partition and its state can be rebuilt by reading it in order.
 * The subject is {@code pipeline/stage}.
 */
public sealed interface PromotionEvent extends ConveyorEvent
        permits FreightCreated, PromotionRequested, PromotionApproved, PromotionBlocked, PromotionStarted,
        PromotionSucceeded, PromotionFailed, PromotionHoldReleased {

    /** Why freight is promoted. */
    enum Kind { AUTO, MANUAL, ROLLBACK }

    /** One image version of a freight. */
    record FreightImage(String image, String tag, String digest) {
    }

    /** The Pipeline's name. */
    String pipeline();

    /** The stage the event is about. */
    String stage();

    @Override
    default String partitionKey() {
        return pipeline();
    }

    @Override
    default String subject() {
        return pipeline() + "/" + stage();
    }
}
