package dev.conveyor.syncer.apply;

import dev.conveyor.syncer.apply.SyncReport.Action;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.conveyor.syncer.apply.Manifests.configMap;
import static dev.conveyor.syncer.apply.Manifests.deployment;
import static dev.conveyor.syncer.apply.Manifests.hookJob;
import static dev.conveyor.syncer.apply.Manifests.service;
import static dev.conveyor.syncer.apply.Manifests.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Against fabric8's in-memory API server in CRUD mode, the only stand-in for a cluster (see {@link MockCluster}). */
class PrunerTest {

    private final MockCluster cluster = MockCluster.crud();
    private final Pruner pruner = new Pruner(cluster.client);

    @AfterEach
    void close() {
        cluster.close();
    }

    /** Creates the object live, in namespace shop, tracked by application shop. */
    private ResourceKey tracked(GenericKubernetesResource object) {
        object.getMetadata().setNamespace("shop");
        GenericKubernetesResource created = cluster.create(Tracking.track(object, "shop"));
        return ResourceKey.of(created);
    }

    private static GenericKubernetesResource inWave(GenericKubernetesResource object, int wave) {
        object.getMetadata().getAnnotations().put(SyncOrder.SYNC_WAVE_ANNOTATION, Integer.toString(wave));
        return object;
    }

    private Pruner.Request request(List<ResourceKey> desired, Inventory previous) {
        return new Pruner.Request("shop", desired, previous, true, false, false);
    }

    @Test
    void prunesTrackedObjectsThatLeftDesiredHighestWaveFirstWorkloadsBeforeConfig() {
        ResourceKey keep = tracked(configMap("keep", "{a: '1'}"));
        tracked(configMap("old-config", "{a: '1'}"));
        tracked(deployment("old-web", "web:1"));
        tracked(inWave(configMap("old-late", "{a: '1'}"), 5));
        cluster.writes();

        Pruner.Result result = pruner.prune(request(List.of(keep),
                Inventory.of(List.of(ResourceKey.of("apps/v1", "Deployment", "shop", "old-web")))));

        assertThat(result.changes()).extracting(c -> c.key().name(), SyncReport.Change::action).containsExactly(
                tuple("old-late", Action.PRUNED),
                tuple("old-web", Action.PRUNED),
                tuple("old-config", Action.PRUNED));
        assertThat(cluster.writes()).containsExactly(
                "DELETE /api/v1/namespaces/shop/configmaps/old-late",
                "DELETE /apis/apps/v1/namespaces/shop/deployments/old-web",
                "DELETE /api/v1/namespaces/shop/configmaps/old-config");
        assertThat(cluster.get("v1", "ConfigMap", "shop", "keep")).isNotNull();
        assertThat(result.remaining()).isEmpty();
    }

    @Test
    void neverPrunesObjectsWithOnlyTheLabelOrAForeignTrackingId() {
        ResourceKey keep = tracked(configMap("keep", "{a: '1'}"));
        cluster.create(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: label-only, namespace: shop, labels: {conveyor.dev/application: shop}}
                """));
        cluster.create(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: other-app
                  namespace: shop
                  labels: {conveyor.dev/application: shop}
                  annotations: {conveyor.dev/tracking-id: "other:/ConfigMap:shop/other-app"}
                """));
        cluster.create(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: copied
                  namespace: shop
                  labels: {conveyor.dev/application: shop}
                  annotations: {conveyor.dev/tracking-id: "shop:/ConfigMap:shop/keep"}
                """));
        cluster.writes();

        Pruner.Result result = pruner.prune(request(List.of(keep), Inventory.EMPTY));

        assertThat(result.changes()).isEmpty();
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void kindsOnlyInThePreviousInventoryAreLookedAtToo() {
        ResourceKey keep = tracked(configMap("keep", "{a: '1'}"));
        ResourceKey oldService = tracked(service("web"));

        assertThat(pruner.candidates("shop", List.of(keep), Inventory.EMPTY)).isEmpty();
        assertThat(pruner.candidates("shop", List.of(keep), Inventory.of(List.of(oldService))))
                .extracting(ResourceKey::of).containsExactly(oldService);
    }

    @Test
    void refusesWhenTheRenderFailedOrTheDesiredSetIsEmptyWithoutAllowEmpty() {
        ResourceKey cfg = tracked(configMap("cfg", "{a: '1'}"));
        Inventory previous = Inventory.of(List.of(cfg));
        cluster.writes();

        Pruner.Result renderFailed = pruner.prune(new Pruner.Request("shop", List.of(), previous, false, true, false));
        Pruner.Result empty = pruner.prune(new Pruner.Request("shop", List.of(), previous, true, false, false));

        assertThat(renderFailed.refusal()).contains("render failed");
        assertThat(empty.refusal()).contains("allowEmpty");
        assertThat(cluster.writes()).isEmpty();

        Pruner.Result allowed = pruner.prune(new Pruner.Request("shop", List.of(), previous, true, true, false));
        assertThat(allowed.changes()).extracting(SyncReport.Change::key).containsExactly(cfg);
        assertThat(cluster.get("v1", "ConfigMap", "shop", "cfg")).isNull();
    }

    @Test
    void hooksAreLeftToTheirDeletePolicies() {
        ResourceKey hook = tracked(hookJob("migrate", "PreSync", "HookFailed"));
        cluster.writes();

        assertThat(pruner.prune(request(List.of(), Inventory.of(List.of(hook)))).refusal()).isNotNull();
        assertThat(pruner.prune(new Pruner.Request("shop", List.of(), Inventory.of(List.of(hook)), true, true, false))
                .changes()).isEmpty();
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aDryRunListsWithoutDeleting() {
        ResourceKey keep = tracked(configMap("keep", "{a: '1'}"));
        ResourceKey old = tracked(configMap("old", "{a: '1'}"));
        cluster.writes();

        Pruner.Result result = pruner.prune(new Pruner.Request("shop", List.of(keep), Inventory.EMPTY, true, false, true));

        assertThat(result.changes()).extracting(SyncReport.Change::action).containsExactly(Action.WOULD_PRUNE);
        assertThat(result.remaining()).containsExactly(old);
        assertThat(cluster.writes()).isEmpty();
    }
}
