package dev.conveyor.syncer.adapter;

import dev.conveyor.events.DriftDetected;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.syncer.SyncerMetrics;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.apply.DiffEngine;
import dev.conveyor.syncer.apply.Inventory;
import dev.conveyor.syncer.apply.ResourceKey;
import dev.conveyor.syncer.apply.Tracking;
import dev.conveyor.syncer.engine.SelfHealBackoff;
import dev.conveyor.syncer.engine.SyncEngine;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches (informers) the kinds applications manage, selecting only objects labelled managed-by=conveyor. A change
 * that makes a managed object differ from what was last applied, or its deletion, is drift: one DriftDetected per
 * burst, and with selfHeal a sync request after the self-heal back-off. A change that does not alter what we applied
 * (status updates by controllers, resourceVersion churn) is not drift (Argo CD #8100); it only re-assesses health.
 */
@ApplicationScoped
public class DriftWatcher {

    private static final Logger LOG = Logger.getLogger(DriftWatcher.class);
    /** Drift events of one application within this window become one DriftDetected. */
    private static final Duration COALESCE = Duration.ofMillis(300);

    private final ClusterClients clusters;
    private final DeclarationStore declarations;
    private final SyncEngine engine;
    private final ClusterAdapter cluster;
    private final KafkaEvents events;
    private final SelfHealBackoff backoff;
    private final SyncerMetrics metrics;
    private final DiffEngine diffs = new DiffEngine();
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, DriftDetected.DriftedResource>> pending = new ConcurrentHashMap<>();
    private final Map<String, Boolean> healthRecheck = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conveyor-drift");
        t.setDaemon(true);
        return t;
    });

    public DriftWatcher(ClusterClients clusters, DeclarationStore declarations, SyncEngine engine, ClusterAdapter cluster,
                        KafkaEvents events, SelfHealBackoff backoff, SyncerMetrics metrics) {
        this.clusters = clusters;
        this.declarations = declarations;
        this.engine = engine;
        this.cluster = cluster;
        this.events = events;
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** Makes sure every kind in {@code inventory} is watched in the application's cluster (one informer per kind). */
    public void watch(Application app, Inventory inventory) {
        String clusterName = app.destination().cluster();
        for (Inventory.Kind kind : inventory.kinds()) {
            String id = clusterName + "|" + kind.apiVersion() + "|" + kind.kind();
            informers.computeIfAbsent(id, k -> start(clusterName, kind));
        }
    }

    private SharedIndexInformer<GenericKubernetesResource> start(String clusterName, Inventory.Kind kind) {
        KubernetesClient client = clusters.forCluster(clusterName);
        LOG.debugf("watching %s %s in cluster %s", kind.apiVersion(), kind.kind(), clusterName);
        return client.genericKubernetesResources(kind.apiVersion(), kind.kind()).inAnyNamespace()
                .withLabel(Tracking.MANAGED_BY_LABEL, Tracking.MANAGED_BY)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                        changed(newObj);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                        deleted(obj);
                    }
                }, 0);
    }

    void changed(GenericKubernetesResource event) {
        Optional<Application> app = owner(event);
        if (app.isEmpty() || cluster.isSyncing(app.get().name())) return;
        // Informer events can arrive late (after a self-heal already restored the object): judge the object as it is
        // now, not as the event saw it.
        GenericKubernetesResource live = ClusterAdapter.get(clusters.forCluster(app.get().destination().cluster()),
                ResourceKey.of(event));
        if (live == null) return;
        GenericKubernetesResource applied = ClusterAdapter.lastApplied(live);
        if (applied == null) return;
        DiffEngine.Diff diff = diffs.diff(applied, live, app.get().ignoreDifferences());
        if (diff.status() == DiffEngine.Status.IN_SYNC) {
            scheduleHealthRecheck(app.get().name());
            return;
        }
        LOG.infof("drift in %s: %s changed (%s)", app.get().name(), ResourceKey.of(live), diff.summary());
        record(app.get(), live, "MODIFIED");
    }

    void deleted(GenericKubernetesResource live) {
        Optional<Application> app = owner(live);
        if (app.isEmpty() || cluster.isSyncing(app.get().name())) return;
        ResourceKey key = ResourceKey.of(live);
        // Only what the application still manages (an object the syncer pruned has left the inventory), and only if
        // it is really gone (a late event of an object since re-created is not drift).
        if (!cluster.manages(app.get().name(), key.encode())) return;
        if (ClusterAdapter.get(clusters.forCluster(app.get().destination().cluster()), key) != null) return;
        LOG.infof("drift in %s: %s deleted", app.get().name(), key);
        record(app.get(), live, "DELETED");
    }

    private Optional<Application> owner(GenericKubernetesResource live) {
        Map<String, String> labels = live.getMetadata().getLabels();
        String name = labels == null ? null : labels.get(Tracking.APPLICATION_LABEL);
        if (name == null || !Tracking.isTrackedBy(live, name)) return Optional.empty();
        return declarations.get(name);
    }

    private void record(Application app, GenericKubernetesResource live, String reason) {
        ResourceKey key = ResourceKey.of(live);
        boolean first = pending.computeIfAbsent(app.name(), n -> new ConcurrentHashMap<>()).isEmpty();
        pending.get(app.name()).put(key.encode(),
                new DriftDetected.DriftedResource(key.group(), key.kind(), key.namespace(), key.name(), reason));
        engine.driftObserved(app.name());
        if (first) {
            timer.schedule(() -> flush(app.name()), COALESCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void flush(String appName) {
        try {
            Map<String, DriftDetected.DriftedResource> drifted = pending.remove(appName);
            Optional<Application> app = declarations.get(appName);
            if (drifted == null || drifted.isEmpty() || app.isEmpty()) return;
            boolean selfHeal = app.get().syncPolicy().automated() && app.get().syncPolicy().selfHeal()
                    && !engine.state(appName).autoSyncPaused();
            metrics.drift(appName);
            String revision = engine.state(appName).appliedRevision();
            events.publish(new DriftDetected(appName, revision, new ArrayList<>(drifted.values()), selfHeal),
                    "drift:" + appName + ":" + System.currentTimeMillis());
            if (selfHeal) {
                Duration delay = backoff.next(appName);
                LOG.infof("self-healing %s in %d ms", appName, delay.toMillis());
                timer.schedule(() -> events.publishWithId(
                        new SyncRequested(appName, SyncRequested.Trigger.DRIFT, null, false, "drift"),
                        "drift:" + appName + ":" + System.nanoTime()), delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not report drift of %s", appName);
        }
    }

    private void scheduleHealthRecheck(String appName) {
        if (healthRecheck.putIfAbsent(appName, Boolean.TRUE) == null) {
            timer.schedule(() -> {
                healthRecheck.remove(appName);
                try {
                    engine.reassessHealth(appName, "status:" + appName);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "health re-assessment of %s failed", appName);
                }
            }, COALESCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    List<String> watchedKinds() {
        return new ArrayList<>(informers.keySet());
    }

    void stop(@Observes ShutdownEvent stop) {
        informers.values().forEach(SharedIndexInformer::stop);
        timer.shutdownNow();
    }
}
