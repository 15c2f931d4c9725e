package dev.conveyor.syncer.engine;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The engine's one-method ports; adapters implement them over JGit, Kubernetes and Kafka. */
public final class Ports {

    private Ports() {
    }

    /** The applications declared right now (the declarations loader keeps it current). */
    public interface Applications {
        Optional<Application> get(String name);

        Collection<Application> all();
    }

    /** Git through the clone cache. */
    public interface Sources {
        /**
         * Fetches the repository; returns how long it took.
         *
         * @param recentIsFresh a fetch of this repository moments ago is good enough (the safety-net resync); false
         *                      when the newest state matters (a person asked, a declaration changed)
         */
        Duration fetch(String repoURL, boolean recentIsFresh) throws Exception;

        String resolve(String repoURL, String revision) throws Exception;

        Path checkout(String repoURL, String sha) throws Exception;
    }

    /** Renders an application's source at one revision. */
    public interface Rendering {
        List<GenericKubernetesResource> render(Application app, Path checkout, String revision) throws Exception;
    }

    /** Applies desired state to the application's destination and reports what happened. */
    public interface Cluster {
        ClusterSyncResult sync(Application app, List<GenericKubernetesResource> desired, String revision, boolean dryRun,
                               Set<String> previousInventory);

        /** The application's health from its live objects. */
        HealthSnapshot health(Application app, Set<String> inventory);
    }

    /** Publishes events (SyncCompleted, HealthChanged, DriftDetected, SyncRequested). */
    public interface Events {
        void publish(ConveyorEvent event, String causationId);
    }

    /**
     * @param result    SUCCEEDED, FAILED or DRY_RUN
     * @param inventory the keys of the objects the application now manages (for pruning and watching next time)
     * @param inSync    whether live matched desired after this sync (for dry runs: before)
     */
    public record ClusterSyncResult(SyncCompleted.Result result, int created, int updated, int pruned, int unchanged,
                                    List<SyncCompleted.ResourceChange> changes, String message, Set<String> inventory,
                                    boolean inSync) {
    }

    /** Aggregated health and the resources that are not healthy. */
    public record HealthSnapshot(SyncCompleted.Health health, List<dev.conveyor.events.HealthChanged.ResourceHealth> reasons) {
    }

    /** For tests and adapters: the request that caused a sync. */
    public record Work(SyncRequested request, String eventId) {
    }
}
