package dev.conveyor.syncer.apply;

import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Objects;

/**
 * One sync of one application.
 *
 * @param application       the application (destination namespace, sync policy and options, ignoreDifferences)
 * @param desired           the rendered objects, hooks included (a successful render: a failed render is never synced)
 * @param revision          the commit sha they were rendered from (for messages)
 * @param dryRun            compute everything, change nothing; actions are WOULD_*
 * @param previousInventory what the last sync left the application managing ({@link Inventory#EMPTY} the first time)
 * @param prune             prune even if {@code syncPolicy.prune} is off (a person asked for it)
 */
public record SyncRequest(Application application, List<GenericKubernetesResource> desired, String revision,
                          boolean dryRun, Inventory previousInventory, boolean prune) {

    public SyncRequest {
        Objects.requireNonNull(application, "application");
        desired = desired == null ? List.of() : List.copyOf(desired);
        previousInventory = previousInventory == null ? Inventory.EMPTY : previousInventory;
    }

    /** A real sync; prune as the sync policy says. */
    public static SyncRequest of(Application application, List<GenericKubernetesResource> desired, String revision,
                                 Inventory previousInventory) {
        return new SyncRequest(application, desired, revision, false, previousInventory, false);
    }

    public SyncRequest asDryRun() {
        return new SyncRequest(application, desired, revision, true, previousInventory, prune);
    }

    public SyncRequest withPrune() {
        return new SyncRequest(application, desired, revision, dryRun, previousInventory, true);
    }
}
