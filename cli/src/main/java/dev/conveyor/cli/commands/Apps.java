package dev.conveyor.cli.commands;

import dev.conveyor.cli.wire.SyncerApi.Application;
import dev.conveyor.cli.wire.SyncerApi.Destination;

/** How application fields read in tables. */
final class Apps {

    private Apps() {
    }

    /** The first 7 characters of a commit sha (as Git abbreviates); other revisions as they are. */
    static String shortSha(String revision) {
        if (revision == null) return null;
        return revision.matches("[0-9a-f]{8,}") ? revision.substring(0, 7) : revision;
    }

    /** {@code cluster/namespace}, or just the cluster when there is no default namespace. */
    static String destination(Destination d) {
        if (d == null) return null;
        String cluster = d.cluster() == null || d.cluster().isBlank() ? "in-cluster" : d.cluster();
        return d.namespace() == null || d.namespace().isBlank() ? cluster : cluster + "/" + d.namespace();
    }

    /** The sync status, with {@code (paused)} while auto-sync is paused (after a rollback). */
    static String sync(Application app) {
        if (app.syncStatus() == null) return null;
        return Boolean.TRUE.equals(app.autoSyncPaused()) ? app.syncStatus() + " (paused)" : app.syncStatus();
    }
}
