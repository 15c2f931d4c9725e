package dev.conveyor.syncer.engine;

import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.SyncRequested;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * What the syncer knows about one application between syncs. Touched only while holding the application's lock (one
 * sync of an application at a time: the Kafka key serialises it across replicas, this lock within one).
 */
public final class AppState {

    /** One past sync, newest first in {@link #history()}. */
    public record HistoryEntry(String revision, Instant at, SyncCompleted.Result result, SyncRequested.Trigger trigger,
                               String message) {
    }

    private final String name;
    private final int historyLimit;
    private final Deque<HistoryEntry> history = new ArrayDeque<>();
    private String appliedRevision;
    private SyncCompleted.Result lastResult;
    private SyncCompleted.SyncStatus syncStatus = SyncCompleted.SyncStatus.UNKNOWN;
    private SyncCompleted.Health health;
    private List<dev.conveyor.events.HealthChanged.ResourceHealth> unhealthy = List.of();
    private Set<String> inventory = Set.of();
    private boolean autoSyncPaused;
    private String pauseReason;
    private Instant progressingSince;
    private Instant lastSyncAt;
    private boolean driftSinceApply;

    AppState(String name, int historyLimit) {
        this.name = name;
        this.historyLimit = historyLimit;
    }

    void recordSync(HistoryEntry entry) {
        history.addFirst(entry);
        while (history.size() > historyLimit) history.removeLast();
        lastSyncAt = entry.at();
    }

    public String name() { return name; }
    public List<HistoryEntry> history() { return new ArrayList<>(history); }
    public String appliedRevision() { return appliedRevision; }
    void appliedRevision(String r) { appliedRevision = r; }
    public SyncCompleted.Result lastResult() { return lastResult; }
    void lastResult(SyncCompleted.Result r) { lastResult = r; }
    public SyncCompleted.SyncStatus syncStatus() { return syncStatus; }
    void syncStatus(SyncCompleted.SyncStatus s) { syncStatus = s; }
    public SyncCompleted.Health health() { return health; }
    void health(SyncCompleted.Health h) { health = h; }
    public List<dev.conveyor.events.HealthChanged.ResourceHealth> unhealthy() { return unhealthy; }
    void unhealthy(List<dev.conveyor.events.HealthChanged.ResourceHealth> u) { unhealthy = List.copyOf(u); }
    public Set<String> inventory() { return inventory; }
    void inventory(Set<String> i) { inventory = Set.copyOf(i); }
    public boolean autoSyncPaused() { return autoSyncPaused; }
    public String pauseReason() { return pauseReason; }
    void pause(String reason) { autoSyncPaused = true; pauseReason = reason; }
    void resume() { autoSyncPaused = false; pauseReason = null; }
    Instant progressingSince() { return progressingSince; }
    void progressingSince(Instant t) { progressingSince = t; }
    public Instant lastSyncAt() { return lastSyncAt; }
    boolean driftSinceApply() { return driftSinceApply; }
    void driftSinceApply(boolean d) { driftSinceApply = d; }
}
