package dev.conveyor.syncer;

import dev.conveyor.events.SyncCompleted;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.engine.SyncEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import dev.conveyor.syncer.engine.AppState;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Every metric the syncer exposes, named once here so dashboards and alerts cannot drift from the code. */
@ApplicationScoped
public class SyncerMetrics implements SyncEngine.SyncMetrics {

    /** {@code conveyor_syncer_syncs_total{application,result}} */
    public static final String SYNCS = "conveyor.syncer.syncs";
    /** {@code conveyor_syncer_sync_duration_seconds} histogram */
    public static final String SYNC_DURATION = "conveyor.syncer.sync.duration";
    /** {@code conveyor_syncer_render_duration_seconds} histogram */
    public static final String RENDER_DURATION = "conveyor.syncer.render.duration";
    /** {@code conveyor_syncer_git_fetch_duration_seconds} histogram */
    public static final String FETCH_DURATION = "conveyor.syncer.git.fetch.duration";
    /** {@code conveyor_syncer_drift_events_total{application}} */
    public static final String DRIFT = "conveyor.syncer.drift.events";
    /** {@code conveyor_syncer_applications{sync_status,health}} gauge */
    public static final String APPLICATIONS = "conveyor.syncer.applications";
    /** {@code conveyor_syncer_invalid_declarations} gauge */
    public static final String INVALID_DECLARATIONS = "conveyor.syncer.invalid.declarations";
    /** {@code conveyor_syncer_commit_events_total{routed}}: pushes received and how many applications they touched */
    public static final String COMMITS = "conveyor.syncer.commit.events";

    private final MeterRegistry registry;
    private final Timer syncDuration;
    private final Timer renderDuration;
    private final Timer fetchDuration;
    private final MultiGauge applications;

    public SyncerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.syncDuration = Timer.builder(SYNC_DURATION).description("Duration of one application sync")
                .publishPercentileHistogram().register(registry);
        this.renderDuration = Timer.builder(RENDER_DURATION).description("Rendering one application at one revision")
                .publishPercentileHistogram().register(registry);
        this.fetchDuration = Timer.builder(FETCH_DURATION).description("One git fetch of a source repository")
                .publishPercentileHistogram().register(registry);
        this.applications = MultiGauge.builder(APPLICATIONS)
                .description("Declared applications by sync status and health").register(registry);
    }

    /** Publishes the count of applications per (sync status, health). */
    public void applications(Collection<AppState> states) {
        Map<List<String>, Long> counts = states.stream().collect(Collectors.groupingBy(
                s -> List.of(String.valueOf(s.syncStatus()), String.valueOf(s.health() == null ? "UNKNOWN" : s.health())),
                Collectors.counting()));
        applications.register(counts.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("sync_status", e.getKey().get(0), "health", e.getKey().get(1)), e.getValue()))
                .collect(Collectors.toList()), true);
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void synced(Application app, SyncCompleted.Result result, Duration duration) {
        Counter.builder(SYNCS).description("Syncs by application and result")
                .tag("application", app.name()).tag("result", result.name().toLowerCase())
                .register(registry).increment();
        syncDuration.record(duration);
    }

    @Override
    public void rendered(Duration duration) {
        renderDuration.record(duration);
    }

    @Override
    public void fetched(Duration duration) {
        fetchDuration.record(duration);
    }

    public void drift(String application) {
        Counter.builder(DRIFT).description("Drift detected on managed objects")
                .tag("application", application).register(registry).increment();
    }

    public void commitRouted(int applications) {
        Counter.builder(COMMITS).description("Commit events received, by whether they concerned any application")
                .tag("routed", applications > 0 ? "true" : "false").register(registry).increment();
    }
}
