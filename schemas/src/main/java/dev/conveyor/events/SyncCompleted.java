package dev.conveyor.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The syncer applied (or tried to apply) an application's desired state from Git to its destination.
 *
 * @param application name of the Application
 * @param repository  canonical repository URL of the source
 * @param path        path inside the repository
 * @param revision    the commit sha that was rendered and applied (null when it could not be resolved)
 * @param result      SUCCEEDED, FAILED or DRY_RUN
 * @param health      the application's health after the sync
 * @param syncStatus  SYNCED or OUT_OF_SYNC after the sync
 * @param created     resources created
 * @param updated     resources updated
 * @param pruned      resources deleted because they left Git
 * @param unchanged   resources already in sync
 * @param resources   the resources that changed, with the action taken
 * @param trigger     what caused the sync
 * @param message     a human-readable summary; the error for FAILED
 * @param startedAt   when the sync started
 * @param durationMs  how long it took
 * @param destination cluster name and namespace
 */
public record SyncCompleted(
        String application,
        String repository,
        String path,
        String revision,
        Result result,
        Health health,
        SyncStatus syncStatus,
        int created,
        int updated,
        int pruned,
        int unchanged,
        List<ResourceChange> resources,
        SyncRequested.Trigger trigger,
        String message,
        Instant startedAt,
        long durationMs,
        Destination destination) implements ApplicationEvent {

    public enum Result { SUCCEEDED, FAILED, DRY_RUN }

    public enum SyncStatus { SYNCED, OUT_OF_SYNC, UNKNOWN }

    /** Health of a resource or an application, worst first in {@link #ordinal()} order reversed. */
    public enum Health { HEALTHY, SUSPENDED, PROGRESSING, MISSING, DEGRADED, UNKNOWN }

    public record Destination(String cluster, String namespace) {
    }

    /** One resource the sync touched. action: CREATED, UPDATED, PRUNED, UNCHANGED, FAILED. */
    public record ResourceChange(String group, String kind, String namespace, String name, String action, String message) {
    }

    public SyncCompleted {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(result, "result");
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    @Override
    public EventType eventType() {
        return EventType.SYNC_COMPLETED;
    }
}
