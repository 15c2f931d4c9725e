package dev.conveyor.syncer.apply;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one sync did. A domain type: the engine converts it to the {@code SyncCompleted} event at its edge (the enum
 * constant names are the event's: {@code SyncCompleted.Result.valueOf(report.result().name())}).
 *
 * @param result    SUCCEEDED, FAILED, or DRY_RUN (a dry run that could not even be computed is FAILED)
 * @param created   CREATED changes (in a dry run: WOULD_CREATE); hooks and the destination namespace count too
 * @param updated   UPDATED (WOULD_UPDATE)
 * @param pruned    PRUNED (WOULD_PRUNE)
 * @param unchanged UNCHANGED
 * @param changes   every object the sync looked at, in the order it handled them, with what it did
 * @param message   a one-line summary; for FAILED, what failed: the object and what the API server said
 * @param inventory what the application manages now, for the next sync's pruning (the previous one, for a dry run)
 * @param inSync    live matched desired after the sync (for a dry run: before it), nothing left to prune
 * @param retryable FAILED for a reason that may pass by itself (connection, 409, 429, 5xx, interrupted): try again
 *                  with backoff; false: something must change in Git or in the cluster first
 */
public record SyncReport(Result result, int created, int updated, int pruned, int unchanged, List<Change> changes,
                         String message, Inventory inventory, boolean inSync, boolean retryable) {

    public enum Result { SUCCEEDED, FAILED, DRY_RUN }

    public enum Action { CREATED, UPDATED, PRUNED, UNCHANGED, FAILED, WOULD_CREATE, WOULD_UPDATE, WOULD_PRUNE }

    /** One object and what the sync did with it. */
    public record Change(ResourceKey key, Action action, String message) {
        public Change {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(action, "action");
        }
    }

    public SyncReport {
        Objects.requireNonNull(result, "result");
        changes = List.copyOf(changes);
        inventory = inventory == null ? Inventory.EMPTY : inventory;
    }

    /** Counts the changes. */
    static SyncReport of(Result result, List<Change> changes, String message, Inventory inventory, boolean inSync,
                         boolean retryable) {
        return new SyncReport(result,
                count(changes, Action.CREATED, Action.WOULD_CREATE),
                count(changes, Action.UPDATED, Action.WOULD_UPDATE),
                count(changes, Action.PRUNED, Action.WOULD_PRUNE),
                count(changes, Action.UNCHANGED),
                changes, message, inventory, inSync, retryable);
    }

    /** The changes with one of these actions. */
    public List<Change> changes(Action... actions) {
        Set<Action> wanted = Set.of(actions);
        return changes.stream().filter(c -> wanted.contains(c.action())).toList();
    }

    private static int count(List<Change> changes, Action... actions) {
        Set<Action> wanted = Set.of(actions);
        return (int) changes.stream().filter(c -> wanted.contains(c.action())).count();
    }
}
