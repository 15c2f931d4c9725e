package dev.conveyor.events;

/** Kafka topic names, defined once. A topic carries every version of its event types; {@code ce_type} tells them apart. */
public final class Topics {

    /** {@link CommitPushed}, keyed by canonical repository URL. */
    public static final String COMMITS = "conveyor.commits";

    /** {@link ImageTagged}, keyed by {@code registry/repository}. */
    public static final String IMAGES = "conveyor.images";

    private Topics() {
    }
}
