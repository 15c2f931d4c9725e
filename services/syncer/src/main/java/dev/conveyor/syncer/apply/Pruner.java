package dev.conveyor.syncer.apply;

import dev.conveyor.syncer.apply.SyncReport.Action;
import dev.conveyor.syncer.apply.SyncReport.Change;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Deletes what an application manages but no longer declares.
 *
 * <p>Candidates: for every kind in the desired set or the previous inventory, the live objects labelled
 * {@value Tracking#APPLICATION_LABEL}=&lt;application&gt;, kept only if {@link Tracking#isTrackedBy tracked} by the
 * application (exact tracking id), not desired, and not hooks (hooks follow their delete policies). Deleted in
 * {@link SyncOrder#PRUNE_ORDER} (highest wave first, dependants before what they use), one by one, without waiting for
 * each deletion to finish.
 *
 * <p>Guards: nothing is pruned when the render failed, nor when the desired set is empty unless {@code allowEmpty}.
 */
public final class Pruner {

    private final Kube kube;

    public Pruner(KubernetesClient client) {
        this(new Kube(client));
    }

    Pruner(Kube kube) {
        this.kube = Objects.requireNonNull(kube, "kube");
    }

    /**
     * @param application     the application's name
     * @param desired         the keys of the desired (non-hook) objects, apiVersion included
     * @param previous        the previous inventory
     * @param renderSucceeded false: refuse (a failed render says nothing about what should exist)
     * @param allowEmpty      whether an empty desired set may prune everything
     * @param dryRun          list WOULD_PRUNE, delete nothing
     */
    public record Request(String application, Collection<ResourceKey> desired, Inventory previous,
                          boolean renderSucceeded, boolean allowEmpty, boolean dryRun) {
        public Request {
            Objects.requireNonNull(application, "application");
            desired = List.copyOf(desired);
            previous = previous == null ? Inventory.EMPTY : previous;
        }
    }

    /**
     * @param changes   PRUNED / WOULD_PRUNE / FAILED, in deletion order
     * @param remaining candidates still live afterwards (failed deletions; all of them in a dry run)
     * @param refusal   why nothing was even looked at (render failed, empty desired set), or null
     */
    public record Result(List<Change> changes, List<ResourceKey> remaining, String refusal) {
        public Result {
            changes = List.copyOf(changes);
            remaining = List.copyOf(remaining);
        }

        public boolean refused() {
            return refusal != null;
        }

        public boolean failed() {
            return changes.stream().anyMatch(c -> c.action() == Action.FAILED);
        }
    }

    /**
     * The objects pruning would delete, in deletion order. Reads only.
     *
     * @throws KubernetesClientException when a list request fails
     */
    public List<GenericKubernetesResource> candidates(String application, Collection<ResourceKey> desired,
                                                      Inventory previous) {
        Set<ResourceKey> keep = new HashSet<>(desired);
        Map<String, Inventory.Kind> kinds = new LinkedHashMap<>();
        for (Inventory.Kind kind : Inventory.of(desired).kinds()) {
            kinds.putIfAbsent(kind.group() + "/" + kind.kind(), kind);
        }
        for (Inventory.Kind kind : previous.kinds()) {
            kinds.putIfAbsent(kind.group() + "/" + kind.kind(), kind);
        }
        Map<ResourceKey, GenericKubernetesResource> found = new LinkedHashMap<>();
        for (Inventory.Kind kind : kinds.values()) {
            for (GenericKubernetesResource live : kube.listByLabel(kind.apiVersion(), kind.kind(),
                    Tracking.APPLICATION_LABEL, application)) {
                ResourceKey key = ResourceKey.of(live);
                if (!keep.contains(key) && Tracking.isTrackedBy(live, application) && !Hooks.isHook(live)) {
                    found.putIfAbsent(key, live);
                }
            }
        }
        List<GenericKubernetesResource> ordered = new ArrayList<>(found.values());
        ordered.sort(SyncOrder.PRUNE_ORDER);
        return ordered;
    }

    /**
     * Prunes. A failed deletion is a FAILED change (the others are still attempted).
     *
     * @throws KubernetesClientException when listing the candidates fails (nothing was deleted)
     */
    public Result prune(Request request) {
        if (!request.renderSucceeded()) {
            return new Result(List.of(), List.of(), "the render failed: nothing is pruned");
        }
        if (request.desired().isEmpty() && !request.allowEmpty()) {
            return new Result(List.of(), List.of(), "the desired state is empty and allowEmpty is off: "
                    + "refusing to prune everything the application manages");
        }
        List<GenericKubernetesResource> candidates =
                candidates(request.application(), request.desired(), request.previous());
        List<Change> changes = new ArrayList<>();
        List<ResourceKey> remaining = new ArrayList<>();
        for (GenericKubernetesResource candidate : candidates) {
            ResourceKey key = ResourceKey.of(candidate);
            if (request.dryRun()) {
                changes.add(new Change(key, Action.WOULD_PRUNE, "no longer in Git"));
                remaining.add(key);
                continue;
            }
            try {
                boolean existed = kube.delete(key);
                changes.add(new Change(key, Action.PRUNED, existed ? "deleted: no longer in Git" : "already gone"));
            } catch (KubernetesClientException e) {
                changes.add(new Change(key, Action.FAILED, "delete failed: " + Kube.describe(e)));
                remaining.add(key);
            }
        }
        return new Result(changes, remaining, null);
    }
}
