package dev.conveyor.cli.wire;

import java.util.List;

/**
 * The syncer's answers under {@code /api/v1/applications}, as {@code ApplicationsResource} writes them. Wire types only:
 * read with unknown fields ignored, so a newer syncer does not break an older CLI.
 */
public final class SyncerApi {

    private SyncerApi() {
    }

    /** {@code GET /api/v1/applications}. {@code invalid}: one line per declaration that was skipped. */
    public record ApplicationList(List<Application> applications, List<String> invalid, String revision) {
        public ApplicationList {
            applications = applications == null ? List.of() : applications;
            invalid = invalid == null ? List.of() : invalid;
        }
    }

    /**
     * One application ({@code summary}); {@code GET /api/v1/applications/{name}} adds {@code resources} (inventory keys,
     * {@code apiVersion/kind/namespace/name}) and {@code unhealthy}.
     */
    public record Application(String name, String repoURL, String path, String targetRevision, Destination destination,
                              Boolean automated, String syncStatus, String health, String revision, String lastResult,
                              String lastSyncAt, Boolean autoSyncPaused, String pauseReason, List<String> resources,
                              List<ResourceHealth> unhealthy) {
        public Application {
            resources = resources == null ? List.of() : resources;
            unhealthy = unhealthy == null ? List.of() : unhealthy;
        }
    }

    public record Destination(String cluster, String namespace) {
    }

    public record ResourceHealth(String kind, String namespace, String name, String health, String message) {
    }
}
