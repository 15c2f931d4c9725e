package dev.conveyor.events;

/** Kafka topic names, defined once. A topic carries every version of its event types; {@code ce_type} tells them apart. */
public final class Topics {

    /** {@link CommitPushed}, keyed by canonical repository URL. */
    public static final String COMMITS = "conveyor.commits";

    /** {@link ImageTagged} and {@link ImageUpdated}, keyed by {@code registry/repository}. */
    public static final String IMAGES = "conveyor.images";

    /** {@link SyncRequested}: the syncer's work queue, keyed by application (one partition serialises one application). */
    public static final String SYNC_REQUESTS = "conveyor.sync-requests";

    /** {@link SyncCompleted}, {@link DriftDetected}, {@link HealthChanged}, keyed by application. */
    public static final String SYNCS = "conveyor.syncs";

    /**
     * {@link PromotionEvent}s — freight, requests, approvals, promotions, holds — keyed by pipeline. The promoter's
     * state is rebuilt by reading it from the start; keep it (retention) at least as long as freight matters.
     */
    public static final String PROMOTIONS = "conveyor.promotions";

    private Topics() {
    }
}
