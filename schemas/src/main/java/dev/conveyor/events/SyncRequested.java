package dev.conveyor.events;

import java.util.Objects;

/**
 * Work for the syncer: sync one application. Keyed by application on {@link Topics#SYNC_REQUESTS}, so all work for one
 * application is serialised on one partition, and the syncer replicas in one consumer group split applications between
 * them with no shard configuration.
 *
 * @param application the Application's name
 * @param trigger     why: a commit, the safety-net interval, a person, drift, a rollback
 * @param revision    a specific commit to sync (rollback, or the sha a commit event named); null = the tracked revision
 * @param dryRun      compute and report the diff only
 * @param requestedBy who asked (a user for manual syncs, the causing event's id otherwise)
 */
public record SyncRequested(String application, Trigger trigger, String revision, boolean dryRun, String requestedBy)
        implements ApplicationEvent {

    public enum Trigger { COMMIT, INTERVAL, MANUAL, DRIFT, ROLLBACK, DECLARATION }

    public SyncRequested {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(trigger, "trigger");
    }

    @Override
    public EventType eventType() {
        return EventType.SYNC_REQUESTED;
    }
}
