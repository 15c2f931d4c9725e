package dev.conveyor.syncer.adapter;

import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.syncer.SyncerConfig;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.apply.Applier;
import dev.conveyor.syncer.apply.DiffEngine;
import dev.conveyor.syncer.apply.Inventory;
import dev.conveyor.syncer.apply.ResourceKey;
import dev.conveyor.syncer.apply.SyncClock;
import dev.conveyor.syncer.apply.SyncExecutor;
import dev.conveyor.syncer.apply.SyncReport;
import dev.conveyor.syncer.apply.SyncRequest;
import dev.conveyor.syncer.engine.AppState;
import dev.conveyor.syncer.engine.Ports;
import dev.conveyor.syncer.engine.SyncEngine;
import dev.conveyor.syncer.health.ApplicationHealth;
import dev.conveyor.syncer.health.HealthAssessor;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's Kubernetes port: runs the apply chain (diff, waves, hooks, prune) against the application's destination
 * cluster and reads health from the live objects. Marks an application as "syncing" while it applies, so the drift
 * watcher does not mistake the syncer's own writes for drift.
 */
@ApplicationScoped
public class ClusterAdapter implements Ports.Cluster {

    private final ClusterClients clusters;
    private final HealthAssessor health;
    private final SyncExecutor.Settings settings;
    private final DiffEngine diffs = new DiffEngine();
    private final Set<String> syncing = ConcurrentHashMap.newKeySet();
    /** What each application manages as of its last sync, recorded before the syncing mark is lifted. */
    private final Map<String, Set<String>> inventories = new ConcurrentHashMap<>();

    @Inject
    DriftWatcher driftWatcher;

    public ClusterAdapter(ClusterClients clusters, HealthAssessor health, SyncerConfig config) {
        this.clusters = clusters;
        this.health = health;
        this.settings = SyncExecutor.Settings.DEFAULTS;
    }

    public boolean isSyncing(String app) {
        return syncing.contains(app);
    }

    /** Whether the application's last sync left it managing this object ({@code Inventory} encoding). */
    public boolean manages(String app, String encodedKey) {
        Set<String> inventory = inventories.get(app);
        return inventory != null && inventory.contains(encodedKey);
    }

    @Override
    public Ports.ClusterSyncResult sync(Application app, List<GenericKubernetesResource> desired, String revision,
                                        boolean dryRun, Set<String> previousInventory) {
        KubernetesClient client = clusters.forCluster(app.destination().cluster());
        SyncRequest request = new SyncRequest(app, desired, revision, dryRun, Inventory.decode(previousInventory), false);
        SyncReport report;
        syncing.add(app.name());
        try {
            report = new SyncExecutor(client, health, SyncClock.system(), settings).sync(request);
            if (!dryRun) inventories.put(app.name(), report.inventory().encode());
        } finally {
            syncing.remove(app.name());
        }
        if (!dryRun && report.result() == SyncReport.Result.SUCCEEDED && driftWatcher != null) {
            driftWatcher.watch(app, report.inventory());
        }
        List<SyncCompleted.ResourceChange> changes = new ArrayList<>();
        for (SyncReport.Change c : report.changes()) {
            if (c.action() == SyncReport.Action.UNCHANGED) continue; // counted, not listed: events stay small
            ResourceKey k = c.key();
            changes.add(new SyncCompleted.ResourceChange(k.group(), k.kind(), k.namespace(), k.name(), c.action().name(), c.message()));
        }
        return new Ports.ClusterSyncResult(SyncCompleted.Result.valueOf(report.result().name()), report.created(),
                report.updated(), report.pruned(), report.unchanged(), changes, report.message(),
                report.inventory().encode(), report.inSync());
    }

    @Override
    public Ports.HealthSnapshot health(Application app, Set<String> inventory) {
        KubernetesClient client = clusters.forCluster(app.destination().cluster());
        List<ApplicationHealth.ResourceStatus> statuses = new ArrayList<>();
        for (ResourceKey key : Inventory.decode(inventory).resources()) {
            GenericKubernetesResource live = get(client, key);
            statuses.add(new ApplicationHealth.ResourceStatus(
                    new ApplicationHealth.ResourceKey(key.group(), key.kind(), key.namespace(), key.name()), health.assess(live)));
        }
        ApplicationHealth aggregated = ApplicationHealth.assess(statuses);
        List<HealthChanged.ResourceHealth> reasons = aggregated.unhealthy().stream()
                .map(s -> new HealthChanged.ResourceHealth(s.key().kind(), s.key().namespace(), s.key().name(),
                        s.health().health(), s.health().message()))
                .toList();
        return new Ports.HealthSnapshot(statuses.isEmpty() ? SyncCompleted.Health.HEALTHY : aggregated.health(), reasons);
    }

    /** Each managed object with its health and whether it still matches what was last applied (for the REST API). */
    public Map<String, Object> diff(Application app, SyncEngine engine) {
        AppState state = engine.state(app.name());
        KubernetesClient client = clusters.forCluster(app.destination().cluster());
        List<Map<String, Object>> resources = new ArrayList<>();
        for (ResourceKey key : Inventory.decode(state.inventory()).resources()) {
            GenericKubernetesResource live = get(client, key);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("resource", key.toString());
            r.put("health", health.assess(live));
            if (live == null) {
                r.put("status", "MISSING");
            } else {
                GenericKubernetesResource applied = lastApplied(live);
                DiffEngine.Diff d = applied == null ? null : diffs.diff(applied, live, app.ignoreDifferences());
                r.put("status", d == null ? "UNKNOWN" : d.status().name());
                r.put("differences", d == null ? List.of() : d.differences());
            }
            resources.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application", app.name());
        body.put("revision", state.appliedRevision());
        body.put("resources", resources);
        return body;
    }

    static GenericKubernetesResource lastApplied(GenericKubernetesResource live) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        String json = annotations == null ? null : annotations.get(Applier.LAST_APPLIED_ANNOTATION);
        if (json == null) return null;
        try {
            return Serialization.unmarshal(json, GenericKubernetesResource.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static GenericKubernetesResource get(KubernetesClient client, ResourceKey key) {
        try {
            var op = client.genericKubernetesResources(key.apiVersion(), key.kind());
            return key.namespace() == null || key.namespace().isEmpty()
                    ? op.withName(key.name()).get()
                    : op.inNamespace(key.namespace()).withName(key.name()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return null;
            throw e;
        }
    }
}
