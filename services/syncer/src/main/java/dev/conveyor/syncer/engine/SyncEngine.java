package dev.conveyor.syncer.engine;

import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One sync of one application, as a chain of named steps: admit → fetch → resolve → skip-if-done → checkout → render →
 * apply (diff, waves, hooks, prune) → assess health → record → tell. Plain Java over {@link Ports}; the Kafka consumer
 * calls {@link #handle} for one application at a time (the Kafka key serialises an application across replicas).
 */
public final class SyncEngine {

    private static final Logger LOG = Logger.getLogger(SyncEngine.class);

    private final Ports.Applications applications;
    private final Ports.Sources sources;
    private final Ports.Rendering rendering;
    private final Ports.Cluster cluster;
    private final Ports.Events events;
    private final Clock clock;
    private final int historyLimit;
    private final SyncMetrics metrics;
    private final ConcurrentMap<String, AppState> states = new ConcurrentHashMap<>();

    /** Counters the engine reports; the Quarkus adapter backs them with Micrometer. */
    public interface SyncMetrics {
        void synced(Application app, SyncCompleted.Result result, Duration duration);

        void rendered(Duration duration);

        void fetched(Duration duration);

        SyncMetrics NONE = new SyncMetrics() {
            public void synced(Application app, SyncCompleted.Result result, Duration duration) { }
            public void rendered(Duration duration) { }
            public void fetched(Duration duration) { }
        };
    }

    public SyncEngine(Ports.Applications applications, Ports.Sources sources, Ports.Rendering rendering,
                      Ports.Cluster cluster, Ports.Events events, Clock clock, int historyLimit, SyncMetrics metrics) {
        this.applications = applications;
        this.sources = sources;
        this.rendering = rendering;
        this.cluster = cluster;
        this.events = events;
        this.clock = clock;
        this.historyLimit = historyLimit;
        this.metrics = metrics;
    }

    public AppState state(String app) {
        return states.computeIfAbsent(app, n -> new AppState(n, historyLimit));
    }

    public Optional<AppState> existingState(String app) {
        return Optional.ofNullable(states.get(app));
    }

    /** What one call did, for tests and logs. */
    public enum Outcome { SYNCED, FAILED, DRY_RUN, SKIPPED_ALREADY_APPLIED, SKIPPED_PAUSED, SKIPPED_UNKNOWN_APP, SKIPPED_MANUAL_POLICY }

    public Outcome handle(SyncRequested request, String causationId) {
        Optional<Application> declared = applications.get(request.application());
        if (declared.isEmpty()) {
            LOG.debugf("sync of unknown application %s ignored", request.application());
            return Outcome.SKIPPED_UNKNOWN_APP;
        }
        Application app = declared.get();
        AppState state = state(app.name());
        synchronized (state) {
            return sync(app, state, request, causationId);
        }
    }

    private Outcome sync(Application app, AppState state, SyncRequested request, String causationId) {
        Instant started = clock.instant();
        SyncRequested.Trigger trigger = request.trigger();
        boolean byPerson = trigger == SyncRequested.Trigger.MANUAL || trigger == SyncRequested.Trigger.ROLLBACK;
        // Admit: a paused application (after a rollback) and a manual-policy application only sync when a person asks.
        if (!byPerson && state.autoSyncPaused()) {
            return Outcome.SKIPPED_PAUSED;
        }
        boolean dryRun = request.dryRun() || (!byPerson && !app.syncPolicy().automated());

        String revision = null;
        try {
            revision = resolve(app, state, request);
            if (!dryRun && trigger != SyncRequested.Trigger.DRIFT && trigger != SyncRequested.Trigger.MANUAL
                    && revision.equals(state.appliedRevision()) && state.lastResult() == SyncCompleted.Result.SUCCEEDED
                    && !state.driftSinceApply() && trigger != SyncRequested.Trigger.INTERVAL) {
                // Redelivered or duplicate work for what is already applied: never a second apply.
                return Outcome.SKIPPED_ALREADY_APPLIED;
            }
            Path checkout = sources.checkout(app.source().repoURL(), revision);
            long renderStart = System.nanoTime();
            List<GenericKubernetesResource> desired = rendering.render(app, checkout, revision);
            metrics.rendered(Duration.ofNanos(System.nanoTime() - renderStart));
            if (desired.isEmpty() && !app.syncPolicy().allowEmpty()) {
                return finish(app, state, request, causationId, started, revision, failed(
                        "render of " + app.source().path() + " at " + shortSha(revision)
                                + " produced no resources; nothing applied or pruned (set syncPolicy.automated.allowEmpty to allow)"));
            }
            Ports.ClusterSyncResult result = cluster.sync(app, desired, revision, dryRun, state.inventory());
            return finish(app, state, request, causationId, started, revision, result);
        } catch (Exception e) {
            // Fetch, resolve, checkout and render errors: report, and touch nothing in the cluster (no prune).
            String what = revision == null ? "cannot resolve " + app.source().targetRevision() + " of " + redact(app.source().repoURL())
                    : "cannot render " + app.source().path() + " at " + shortSha(revision);
            LOG.warnf("application %s: %s: %s", app.name(), what, e.getMessage());
            return finish(app, state, request, causationId, started, revision, failed(what + ": " + e.getMessage()));
        }
    }

    /**
     * A commit sha the event named is resolved from the local clone when it is there already (another application on
     * the same repository fetched it: N applications on one repository cost one fetch; commit and declaration work
     * always names a sha); a branch or tag is fetched first (for the safety-net resync the adapter skips a repository
     * fetched moments ago), except for a self-heal, which re-applies what was applied.
     */
    private String resolve(Application app, AppState state, SyncRequested request) throws Exception {
        String url = app.source().repoURL();
        String wanted = request.revision() != null ? request.revision() : app.source().targetRevision();
        if (wanted.matches("[0-9a-f]{40}")) {
            try {
                return sources.resolve(url, wanted);
            } catch (Exception notFetchedYet) {
                metrics.fetched(sources.fetch(url, false));
                return sources.resolve(url, wanted);
            }
        }
        if (request.trigger() != SyncRequested.Trigger.DRIFT || state.appliedRevision() == null) {
            metrics.fetched(sources.fetch(url, request.trigger() == SyncRequested.Trigger.INTERVAL));
        }
        return sources.resolve(url, wanted);
    }

    private Outcome finish(Application app, AppState state, SyncRequested request, String causationId, Instant started,
                           String revision, Ports.ClusterSyncResult result) {
        boolean dryRun = result.result() == SyncCompleted.Result.DRY_RUN;
        Ports.HealthSnapshot health = result.result() == SyncCompleted.Result.FAILED && result.inventory().isEmpty()
                ? new Ports.HealthSnapshot(state.health() == null ? SyncCompleted.Health.UNKNOWN : state.health(), state.unhealthy())
                : cluster.health(app, dryRun ? state.inventory() : result.inventory());
        SyncCompleted.Health appHealth = applyTimeout(app, state, health.health());
        if (!dryRun) {
            if (result.result() == SyncCompleted.Result.SUCCEEDED) {
                state.appliedRevision(revision);
                state.inventory(result.inventory());
                state.driftSinceApply(false);
            }
            state.lastResult(result.result());
        }
        state.syncStatus(result.inSync() ? SyncCompleted.SyncStatus.SYNCED : SyncCompleted.SyncStatus.OUT_OF_SYNC);
        Duration took = Duration.between(started, clock.instant());
        state.recordSync(new AppState.HistoryEntry(revision, started, result.result(), request.trigger(), result.message()));
        metrics.synced(app, result.result(), took);

        SyncCompleted completed = new SyncCompleted(app.name(), canonical(app.source().repoURL()), app.source().path(),
                revision, result.result(), appHealth, state.syncStatus(), result.created(), result.updated(), result.pruned(),
                result.unchanged(), result.changes(), request.trigger(), result.message(), started, took.toMillis(),
                new SyncCompleted.Destination(app.destination().cluster(), app.destination().namespace()));
        if (!dryRun || request.dryRun()) {
            events.publish(completed, causationId);
        }
        healthObserved(app, state, revision, appHealth, health.reasons(), causationId);
        return switch (result.result()) {
            case SUCCEEDED -> Outcome.SYNCED;
            case FAILED -> Outcome.FAILED;
            case DRY_RUN -> request.dryRun() ? Outcome.DRY_RUN : Outcome.SKIPPED_MANUAL_POLICY;
        };
    }

    /**
     * Re-assesses health outside a sync (a controller updated a status, or the periodic check): emits HealthChanged
     * when the aggregated health moved.
     */
    public void reassessHealth(String appName, String causationId) {
        Optional<Application> declared = applications.get(appName);
        if (declared.isEmpty()) return;
        AppState state = state(appName);
        synchronized (state) {
            if (state.inventory().isEmpty()) return;
            Ports.HealthSnapshot h = cluster.health(declared.get(), state.inventory());
            healthObserved(declared.get(), state, state.appliedRevision(), applyTimeout(declared.get(), state, h.health()),
                    h.reasons(), causationId);
        }
    }

    private SyncCompleted.Health applyTimeout(Application app, AppState state, SyncCompleted.Health health) {
        if (health != SyncCompleted.Health.PROGRESSING) {
            state.progressingSince(null);
            return health;
        }
        if (state.progressingSince() == null) state.progressingSince(clock.instant());
        Duration progressing = Duration.between(state.progressingSince(), clock.instant());
        return progressing.compareTo(app.healthTimeout()) > 0 ? SyncCompleted.Health.DEGRADED : health;
    }

    private void healthObserved(Application app, AppState state, String revision, SyncCompleted.Health now,
                                List<HealthChanged.ResourceHealth> reasons, String causationId) {
        SyncCompleted.Health before = state.health();
        state.health(now);
        state.unhealthy(reasons);
        if (before != now) {
            events.publish(new HealthChanged(app.name(), revision, before, now, reasons), causationId);
        }
    }

    /** Rollback: sync an earlier revision and pause auto-sync until resumed (so the next commit does not undo it). */
    public void rollback(String appName, String revision) {
        AppState state = state(appName);
        synchronized (state) {
            state.pause("rolled back to " + shortSha(revision));
        }
    }

    public void resume(String appName) {
        AppState state = state(appName);
        synchronized (state) {
            state.resume();
        }
    }

    public void pause(String appName, String reason) {
        AppState state = state(appName);
        synchronized (state) {
            state.pause(reason);
        }
    }

    /** Drift was seen on a managed object: the next sync must apply even at the same revision. */
    public void driftObserved(String appName) {
        AppState state = state(appName);
        synchronized (state) {
            state.driftSinceApply(true);
            state.syncStatus(SyncCompleted.SyncStatus.OUT_OF_SYNC);
        }
    }

    private static Ports.ClusterSyncResult failed(String message) {
        return new Ports.ClusterSyncResult(SyncCompleted.Result.FAILED, 0, 0, 0, 0, List.of(), message, java.util.Set.of(), false);
    }

    private static String canonical(String url) {
        try {
            return RepositoryUrls.canonical(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }

    private static String redact(String url) {
        return url.replaceAll("//[^/@]+@", "//***@");
    }
}
