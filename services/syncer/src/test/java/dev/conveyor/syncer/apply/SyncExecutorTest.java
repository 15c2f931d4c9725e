package dev.conveyor.syncer.apply;

import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.app.Application.IgnoreDifference;
import dev.conveyor.syncer.apply.SyncReport.Action;
import dev.conveyor.syncer.apply.SyncReport.Change;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.conveyor.syncer.apply.Manifests.app;
import static dev.conveyor.syncer.apply.Manifests.configMap;
import static dev.conveyor.syncer.apply.Manifests.deployment;
import static dev.conveyor.syncer.apply.Manifests.hookJob;
import static dev.conveyor.syncer.apply.Manifests.policy;
import static dev.conveyor.syncer.apply.Manifests.service;
import static dev.conveyor.syncer.apply.Manifests.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Whole syncs against fabric8's in-memory API server in CRUD mode — the only stand-in for a cluster (see
 * {@link MockCluster}). Health comes from a {@link ScriptedHealth} the tests flip while the syncer "sleeps" on a
 * {@link FakeClock}, standing in for the controllers that would make objects healthy.
 */
class SyncExecutorTest {

    private final MockCluster cluster = MockCluster.crud();
    private final ScriptedHealth health = new ScriptedHealth();
    private final FakeClock clock = new FakeClock();
    private final SyncExecutor executor = new SyncExecutor(cluster.client, health, clock,
            new SyncExecutor.Settings(Duration.ofSeconds(5), true, 4));
    private final Application shop = app("shop", "shop");

    @AfterEach
    void close() {
        cluster.close();
    }

    private SyncReport sync(Application app, List<GenericKubernetesResource> desired, Inventory previous) {
        return executor.sync(SyncRequest.of(app, Manifests.copies(desired), "abc123", previous));
    }

    private SyncReport dryRun(Application app, List<GenericKubernetesResource> desired, Inventory previous) {
        return executor.sync(SyncRequest.of(app, Manifests.copies(desired), "abc123", previous).asDryRun());
    }

    private static Map<String, Action> actions(SyncReport report) {
        Map<String, Action> actions = new LinkedHashMap<>();
        report.changes().forEach(c -> actions.put(c.key().id(), c.action()));
        return actions;
    }

    private static List<GenericKubernetesResource> shopObjects(String webImage) {
        return List.of(configMap("settings", "{color: blue, size: L}"), service("web"), deployment("web", webImage),
                deployment("worker", "worker:1"));
    }

    @Test
    void firstSyncCreatesEverythingTrackedInTheDestinationNamespace() {
        SyncReport report = sync(shop, shopObjects("web:1"), Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(report.created()).isEqualTo(4);
        assertThat(actions(report)).containsExactly(
                Map.entry("/ConfigMap/shop/settings", Action.CREATED),
                Map.entry("/Service/shop/web", Action.CREATED),
                Map.entry("apps/Deployment/shop/web", Action.CREATED),
                Map.entry("apps/Deployment/shop/worker", Action.CREATED));
        GenericKubernetesResource web = cluster.get("apps/v1", "Deployment", "shop", "web");
        assertThat(web.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "conveyor")
                .containsEntry("conveyor.dev/application", "shop");
        assertThat(web.getMetadata().getAnnotations())
                .containsEntry("conveyor.dev/tracking-id", "shop:apps/Deployment:shop/web");
        assertThat(report.inventory().encode()).containsExactly("v1/ConfigMap/shop/settings", "v1/Service/shop/web",
                "apps/v1/Deployment/shop/web", "apps/v1/Deployment/shop/worker");
        assertThat(report.inSync()).isTrue();
        assertThat(report.message()).isEqualTo("synced abc123: 4 created, 0 updated, 0 pruned, 0 unchanged");
    }

    @Test
    void theSameDesiredStateAgainIsAllUnchangedAndWritesNothing() {
        SyncReport first = sync(shop, shopObjects("web:1"), Inventory.EMPTY);
        cluster.requests();

        SyncReport second = sync(shop, shopObjects("web:1"), first.inventory());

        assertThat(second.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(second.changes()).extracting(Change::action).containsOnly(Action.UNCHANGED).hasSize(4);
        assertThat(second.unchanged()).isEqualTo(4);
        assertThat(cluster.writes()).isEmpty();
        assertThat(second.inventory()).isEqualTo(first.inventory());
    }

    @Test
    void anImageChangeUpdatesExactlyThatDeployment() {
        SyncReport first = sync(shop, shopObjects("web:1"), Inventory.EMPTY);
        cluster.requests();

        SyncReport second = sync(shop, shopObjects("web:2"), first.inventory());

        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.changes(Action.UPDATED)).singleElement().satisfies(c -> {
            assertThat(c.key().id()).isEqualTo("apps/Deployment/shop/web");
            assertThat(c.message()).contains("spec.template.spec.containers[name=main].image");
        });
        assertThat(second.unchanged()).isEqualTo(3);
        assertThat(cluster.writes()).containsExactly("PUT /apis/apps/v1/namespaces/shop/deployments/web");
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "web")
                .<String>get("spec", "template", "spec", "containers", 0, "image")).isEqualTo("web:2");
    }

    @Test
    void aFieldRemovedFromDesiredIsRemovedLiveWhileOthersFieldsStay() {
        SyncReport first = sync(shop, List.of(configMap("settings", "{color: blue, size: L}")), Inventory.EMPTY);
        GenericKubernetesResource live = cluster.get("v1", "ConfigMap", "shop", "settings");
        live.getMetadata().getAnnotations().put("ops.example.com/reviewed", "true");
        cluster.client.resource(live).update();

        SyncReport second = sync(shop, List.of(configMap("settings", "{color: blue}")), first.inventory());

        assertThat(second.changes(Action.UPDATED)).singleElement()
                .satisfies(c -> assertThat(c.message()).contains("data.size (removed from desired)"));
        GenericKubernetesResource after = cluster.get("v1", "ConfigMap", "shop", "settings");
        assertThat(after.<Map<String, Object>>get("data")).containsOnlyKeys("color");
        assertThat(after.getMetadata().getAnnotations()).containsEntry("ops.example.com/reviewed", "true");
    }

    @Test
    void anIgnoredDifferenceDoesNotCauseAnUpdate() {
        Application ignoringReplicas = app("shop", "shop", policy(true, false), List.of(
                new IgnoreDifference("apps", "Deployment", null, null, List.of("/spec/replicas"))));
        SyncReport first = sync(ignoringReplicas, List.of(deployment("web", "web:1")), Inventory.EMPTY);
        GenericKubernetesResource scaled = cluster.get("apps/v1", "Deployment", "shop", "web");
        scaled.<Map<String, Object>>get("spec").put("replicas", 5); // an autoscaler
        cluster.client.resource(scaled).update();
        cluster.requests();

        SyncReport second = sync(ignoringReplicas, List.of(deployment("web", "web:1")), first.inventory());

        assertThat(actions(second)).containsExactly(Map.entry("apps/Deployment/shop/web", Action.UNCHANGED));
        assertThat(cluster.writes()).isEmpty();
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "web").<Integer>get("spec", "replicas")).isEqualTo(5);

        SyncReport notIgnoring = sync(shop, List.of(deployment("web", "web:1")), first.inventory());
        assertThat(actions(notIgnoring)).containsExactly(Map.entry("apps/Deployment/shop/web", Action.UPDATED));
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "web").<Integer>get("spec", "replicas")).isEqualTo(2);
    }

    @Test
    void respectIgnoreDifferencesKeepsTheIgnoredLiveValueWhenUpdatingForAnotherReason() {
        Application respecting = app("shop", "shop", policy(true, false, "RespectIgnoreDifferences=true"), List.of(
                new IgnoreDifference("apps", "Deployment", null, null, List.of("/spec/replicas"))));
        SyncReport first = sync(respecting, List.of(deployment("web", "web:1")), Inventory.EMPTY);
        GenericKubernetesResource scaled = cluster.get("apps/v1", "Deployment", "shop", "web");
        scaled.<Map<String, Object>>get("spec").put("replicas", 5);
        cluster.client.resource(scaled).update();

        SyncReport second = sync(respecting, List.of(deployment("web", "web:2")), first.inventory());

        assertThat(actions(second)).containsExactly(Map.entry("apps/Deployment/shop/web", Action.UPDATED));
        GenericKubernetesResource after = cluster.get("apps/v1", "Deployment", "shop", "web");
        assertThat(after.<Integer>get("spec", "replicas")).isEqualTo(5);
        assertThat(after.<String>get("spec", "template", "spec", "containers", 0, "image")).isEqualTo("web:2");
    }

    @Test
    void anObjectRemovedFromDesiredIsPruned() {
        SyncReport first = sync(shop, shopObjects("web:1"), Inventory.EMPTY);

        SyncReport second = sync(shop, List.of(deployment("web", "web:1")), first.inventory());

        assertThat(second.pruned()).isEqualTo(3);
        assertThat(second.changes(Action.PRUNED)).extracting(c -> c.key().id()).containsExactly(
                "apps/Deployment/shop/worker", "/Service/shop/web", "/ConfigMap/shop/settings");
        assertThat(cluster.get("v1", "ConfigMap", "shop", "settings")).isNull();
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "worker")).isNull();
        assertThat(second.inventory().encode()).containsExactly("apps/v1/Deployment/shop/web");
    }

    @Test
    void withPruneOffLeftoversStayAreKeptInTheInventoryAndMentioned() {
        Application noPrune = app("shop", "shop", policy(false, false), List.of());
        SyncReport first = sync(noPrune, shopObjects("web:1"), Inventory.EMPTY);

        SyncReport second = sync(noPrune, List.of(deployment("web", "web:1"), deployment("worker", "worker:1"),
                service("web")), first.inventory());

        assertThat(second.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(second.pruned()).isZero();
        assertThat(cluster.get("v1", "ConfigMap", "shop", "settings")).isNotNull();
        assertThat(second.message()).contains("1 no longer in Git, not pruned (prune is off): /ConfigMap/shop/settings");
        assertThat(second.inventory().encode()).contains("v1/ConfigMap/shop/settings");
        assertThat(second.inSync()).isFalse();

        SyncReport pruneAsked = executor.sync(SyncRequest.of(noPrune, List.of(deployment("web", "web:1")), "abc123",
                second.inventory()).withPrune());
        assertThat(pruneAsked.pruned()).isEqualTo(3);
    }

    @Test
    void objectsWithOurLabelButNoOrAForeignTrackingIdAreNeverPruned() {
        SyncReport first = sync(shop, List.of(configMap("settings", "{a: '1'}")), Inventory.EMPTY);
        cluster.create(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: hand-made, namespace: shop, labels: {conveyor.dev/application: shop}}
                """));
        cluster.create(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: from-other-app
                  namespace: shop
                  labels: {conveyor.dev/application: shop}
                  annotations: {conveyor.dev/tracking-id: "billing:/ConfigMap:shop/from-other-app"}
                """));

        SyncReport second = sync(shop, List.of(configMap("settings", "{a: '1'}")), first.inventory());

        assertThat(second.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(second.pruned()).isZero();
        assertThat(cluster.get("v1", "ConfigMap", "shop", "hand-made")).isNotNull();
        assertThat(cluster.get("v1", "ConfigMap", "shop", "from-other-app")).isNotNull();
        assertThat(second.inSync()).isTrue();
    }

    @Test
    void anEmptyRenderPrunesNothingUnlessAllowEmpty() {
        SyncReport first = sync(shop, List.of(configMap("settings", "{a: '1'}")), Inventory.EMPTY);
        cluster.requests();

        SyncReport refused = sync(shop, List.of(), first.inventory());

        assertThat(refused.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(refused.message()).contains("no objects").contains("allowEmpty");
        assertThat(refused.inventory()).isEqualTo(first.inventory());
        assertThat(cluster.writes()).isEmpty();
        assertThat(cluster.get("v1", "ConfigMap", "shop", "settings")).isNotNull();

        SyncReport allowed = sync(app("shop", "shop", policy(true, true), List.of()), List.of(), first.inventory());

        assertThat(allowed.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(actions(allowed)).containsExactly(Map.entry("/ConfigMap/shop/settings", Action.PRUNED));
        assertThat(cluster.get("v1", "ConfigMap", "shop", "settings")).isNull();
        assertThat(allowed.inventory().isEmpty()).isTrue();
    }

    @Test
    void createNamespaceCreatesTheDestinationNamespaceOnce() {
        Application creating = app("shop", "shop", policy(true, false, "CreateNamespace=true"), List.of());

        SyncReport first = sync(creating, List.of(configMap("settings", "{a: '1'}")), Inventory.EMPTY);

        assertThat(actions(first)).containsExactly(Map.entry("/Namespace//shop", Action.CREATED),
                Map.entry("/ConfigMap/shop/settings", Action.CREATED));
        assertThat(cluster.client.namespaces().withName("shop").get()).isNotNull();

        SyncReport second = sync(creating, List.of(configMap("settings", "{a: '1'}")), first.inventory());
        assertThat(actions(second)).containsExactly(Map.entry("/ConfigMap/shop/settings", Action.UNCHANGED));
        assertThat(second.inventory().encode()).containsExactly("v1/ConfigMap/shop/settings"); // never pruned
    }

    @Test
    void wavesAreAppliedInOrderAndTheNextWaveWaitsUntilTheLastIsHealthy() {
        health.set("Deployment", "db", Health.PROGRESSING);
        List<String> webSeenWhileDbUnhealthy = new ArrayList<>();
        clock.onSleep(n -> {
            if (cluster.get("apps/v1", "Deployment", "shop", "web") != null) {
                webSeenWhileDbUnhealthy.add("sleep " + n);
            }
            if (n == 3) {
                health.set("Deployment", "db", Health.HEALTHY); // the controller finished rolling out db
            }
        });
        cluster.requests();

        SyncReport report = sync(shop, List.of(deployment("web", "web:1", 2), deployment("db", "db:1", 1),
                configMap("settings", "{a: '1'}"), yaml("""
                        apiVersion: v1
                        kind: ServiceAccount
                        metadata: {name: db, annotations: {conveyor.dev/sync-wave: "1"}}
                        """)), Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(clock.sleeps()).isEqualTo(3);
        assertThat(webSeenWhileDbUnhealthy).isEmpty();
        assertThat(cluster.writes()).containsExactly(
                "POST /api/v1/namespaces/shop/configmaps",            // wave 0
                "POST /api/v1/namespaces/shop/serviceaccounts",       // wave 1, ServiceAccount before Deployment
                "POST /apis/apps/v1/namespaces/shop/deployments",     // wave 1: db
                "POST /apis/apps/v1/namespaces/shop/deployments");    // wave 2: web
        assertThat(report.changes()).extracting(c -> c.key().name()).containsExactly("settings", "db", "db", "web");
    }

    @Test
    void theLastWaveIsNotWaitedForWhenNoPostSyncHookFollows() {
        health.set("Deployment", "web", Health.PROGRESSING);

        SyncReport report = sync(shop, List.of(deployment("web", "web:1")), Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(clock.sleeps()).isZero();
    }

    @Test
    void aDegradedWaveStopsTheSync() {
        health.set("Deployment", "db", Health.DEGRADED);

        SyncReport report = sync(shop, List.of(deployment("db", "db:1", 1), deployment("web", "web:1", 2)),
                Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(report.message()).contains("wave 1: apps/Deployment/shop/db is Degraded");
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "web")).isNull();
        assertThat(report.retryable()).isFalse();
    }

    @Test
    void aWaveThatStaysProgressingTimesOut() {
        health.set("Deployment", "db", Health.PROGRESSING);

        SyncReport report = sync(shop, List.of(deployment("db", "db:1", 1), deployment("web", "web:1", 2)),
                Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(report.message()).contains("wave 1: not healthy after PT1M: apps/Deployment/shop/db (PROGRESSING");
        assertThat(clock.sleeps()).isEqualTo(12); // 1 minute of 5 s polls
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "web")).isNull();
    }

    @Test
    void aFailingPreSyncHookRunsSyncFailHooksAndAppliesNothingElse() {
        health.set("Job", "migrate", Health.DEGRADED);

        SyncReport report = sync(shop, List.of(deployment("web", "web:1"), hookJob("migrate", "PreSync", null),
                hookJob("page-someone", "SyncFail", null), hookJob("smoke-test", "PostSync", null)), Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(report.message()).contains("PreSync hook batch/Job/shop/migrate failed");
        assertThat(actions(report)).containsExactly(Map.entry("batch/Job/shop/migrate", Action.FAILED),
                Map.entry("batch/Job/shop/page-someone", Action.CREATED));
        assertThat(cluster.get("batch/v1", "Job", "shop", "page-someone")).isNotNull();
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "web")).isNull();
        assertThat(cluster.get("batch/v1", "Job", "shop", "smoke-test")).isNull();
    }

    @Test
    void preSyncRunsFirstAndPostSyncRunsOnceTheLastWaveIsHealthy() {
        health.set("Job", "migrate", Health.PROGRESSING).set("Deployment", "web", Health.PROGRESSING);
        List<String> seen = new ArrayList<>();
        clock.onSleep(n -> {
            boolean webExists = cluster.get("apps/v1", "Deployment", "shop", "web") != null;
            boolean smokeExists = cluster.get("batch/v1", "Job", "shop", "smoke-test") != null;
            seen.add("web=" + webExists + " smoke=" + smokeExists);
            if (n == 1) {
                health.set("Job", "migrate", Health.HEALTHY);
            } else if (n == 2) {
                health.set("Deployment", "web", Health.HEALTHY);
            }
        });
        cluster.requests();

        SyncReport report = sync(shop, List.of(hookJob("smoke-test", "PostSync", null), deployment("web", "web:1"),
                hookJob("migrate", "PreSync", null)), Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(seen).containsExactly("web=false smoke=false", "web=true smoke=false");
        assertThat(cluster.writes()).containsExactly("POST /apis/batch/v1/namespaces/shop/jobs",
                "POST /apis/apps/v1/namespaces/shop/deployments", "POST /apis/batch/v1/namespaces/shop/jobs");
        assertThat(report.changes()).extracting(c -> c.key().name(), Change::action).containsExactly(
                tuple("migrate", Action.CREATED),
                tuple("web", Action.CREATED),
                tuple("smoke-test", Action.CREATED));
        assertThat(report.changes().get(0).message()).isEqualTo("PreSync hook succeeded: Job is healthy");
        assertThat(report.inventory().encode()).containsExactly("apps/v1/Deployment/shop/web"); // hooks are not inventory
    }

    @Test
    void hookSucceededAndHookFailedDeleteTheHookAccordingly() {
        health.set("Job", "fails", Health.DEGRADED);

        SyncReport succeeded = sync(shop, List.of(configMap("settings", "{a: '1'}"),
                hookJob("cleanup", "PostSync", "HookSucceeded"), hookJob("kept", "PostSync", "HookFailed")), Inventory.EMPTY);

        assertThat(succeeded.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(cluster.get("batch/v1", "Job", "shop", "cleanup")).isNull();
        assertThat(cluster.get("batch/v1", "Job", "shop", "kept")).isNotNull();
        assertThat(succeeded.changes()).filteredOn(c -> c.key().name().equals("cleanup")).singleElement()
                .satisfies(c -> assertThat(c.message()).endsWith("; deleted (HookSucceeded)"));

        SyncReport failed = sync(shop, List.of(configMap("settings", "{a: '1'}"),
                hookJob("fails", "PreSync", "HookFailed")), succeeded.inventory());

        assertThat(failed.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(cluster.get("batch/v1", "Job", "shop", "fails")).isNull();
    }

    @Test
    void beforeHookCreationReplacesThePreviousInstance() {
        SyncReport first = sync(shop, List.of(configMap("settings", "{a: '1'}"), hookJob("migrate", "PreSync", null)),
                Inventory.EMPTY);
        String firstUid = cluster.get("batch/v1", "Job", "shop", "migrate").getMetadata().getUid();
        cluster.requests();

        SyncReport second = sync(shop, List.of(configMap("settings", "{a: '1'}"), hookJob("migrate", "PreSync", null)),
                first.inventory());

        assertThat(second.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(cluster.writes()).containsExactly("DELETE /apis/batch/v1/namespaces/shop/jobs/migrate",
                "POST /apis/batch/v1/namespaces/shop/jobs");
        assertThat(cluster.get("batch/v1", "Job", "shop", "migrate").getMetadata().getUid()).isNotEqualTo(firstUid);
    }

    @Test
    void aDryRunComputesEverythingAndChangesNothing() {
        Application creating = app("shop", "shop", policy(true, false, "CreateNamespace=true"), List.of());
        cluster.requests();

        SyncReport firstDryRun = dryRun(creating, List.of(configMap("settings", "{a: '1'}"), deployment("web", "web:1"),
                hookJob("migrate", "PreSync", null)), Inventory.EMPTY);

        assertThat(firstDryRun.result()).isEqualTo(SyncReport.Result.DRY_RUN);
        assertThat(actions(firstDryRun)).containsExactly(Map.entry("/Namespace//shop", Action.WOULD_CREATE),
                Map.entry("batch/Job/shop/migrate", Action.WOULD_CREATE),
                Map.entry("/ConfigMap/shop/settings", Action.WOULD_CREATE),
                Map.entry("apps/Deployment/shop/web", Action.WOULD_CREATE));
        assertThat(firstDryRun.inventory()).isEqualTo(Inventory.EMPTY);
        assertThat(firstDryRun.inSync()).isFalse();
        assertThat(cluster.writes()).isEmpty();
        assertThat(clock.sleeps()).isZero();

        SyncReport applied = sync(creating, List.of(configMap("settings", "{a: '1'}"), deployment("web", "web:1")),
                Inventory.EMPTY);
        cluster.requests();

        SyncReport dryRun = dryRun(creating, List.of(deployment("web", "web:2")), applied.inventory());

        assertThat(actions(dryRun)).containsExactly(Map.entry("apps/Deployment/shop/web", Action.WOULD_UPDATE),
                Map.entry("/ConfigMap/shop/settings", Action.WOULD_PRUNE));
        assertThat(dryRun.message()).isEqualTo("dry run of abc123: would create 0, update 1, prune 1; 0 unchanged");
        assertThat(cluster.writes()).isEmpty();
        assertThat(cluster.get("v1", "ConfigMap", "shop", "settings")).isNotNull();
        assertThat(cluster.get("apps/v1", "Deployment", "shop", "web")
                .<String>get("spec", "template", "spec", "containers", 0, "image")).isEqualTo("web:1");
    }

    @Test
    void aCustomResourceAndItsDefinitionInOneSync() {
        SyncReport report = sync(shop, List.of(yaml("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec: {size: 3}
                """), yaml("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com, namespace: ignored}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
                  versions: [{name: v1, served: true, storage: true}]
                """)), Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(actions(report)).containsExactly(
                Map.entry("apiextensions.k8s.io/CustomResourceDefinition//widgets.example.com", Action.CREATED),
                Map.entry("example.com/Widget/shop/w", Action.CREATED));
        assertThat(cluster.get("example.com/v1", "Widget", "shop", "w")).isNotNull();

        SyncReport again = sync(shop, List.of(yaml("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
                  versions: [{name: v1, served: true, storage: true}]
                """)), report.inventory());
        assertThat(actions(again)).containsEntry("example.com/Widget/shop/w", Action.PRUNED);
    }

    @Test
    void clusterScopedCustomKindsGetNoNamespaceWhetherTheirCrdIsInTheSyncOrAlreadyServed() {
        GenericKubernetesResource crd = yaml("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: clusterissuers.example.com}
                spec:
                  group: example.com
                  scope: Cluster
                  names: {kind: ClusterIssuer, plural: clusterissuers, singular: clusterissuer, listKind: ClusterIssuerList}
                  versions: [{name: v1, served: true, storage: true}]
                """);
        GenericKubernetesResource issuer = yaml("""
                apiVersion: example.com/v1
                kind: ClusterIssuer
                metadata: {name: letsencrypt}
                spec: {acme: {email: ops@example.com}}
                """);

        SyncReport withCrd = sync(shop, List.of(crd, issuer), Inventory.EMPTY);
        SyncReport crdAlreadyServed = sync(app("issuers", "shop"), List.of(yaml("""
                apiVersion: example.com/v1
                kind: ClusterIssuer
                metadata: {name: internal}
                spec: {ca: {secretName: ca}}
                """)), Inventory.EMPTY);

        assertThat(actions(withCrd)).containsEntry("example.com/ClusterIssuer//letsencrypt", Action.CREATED);
        assertThat(actions(crdAlreadyServed)).containsExactly(Map.entry("example.com/ClusterIssuer//internal", Action.CREATED));
        assertThat(cluster.get("example.com/v1", "ClusterIssuer", null, "letsencrypt").getMetadata().getNamespace()).isNull();
        assertThat(actions(sync(shop, List.of(crd, issuer), withCrd.inventory())))
                .containsEntry("example.com/ClusterIssuer//letsencrypt", Action.UNCHANGED);
    }

    @Test
    void aCustomResourceOfAKindTheClusterDoesNotServeFailsNamingIt() {
        SyncReport report = sync(shop, List.of(yaml("""
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                """)), Inventory.EMPTY);

        assertThat(report.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(report.message()).contains("example.com/Gadget/shop/g")
                .contains("does not serve example.com/v1 Gadget");
    }

    @Test
    void malformedAnnotationsFailBeforeAnythingIsWritten() {
        cluster.requests();

        SyncReport badWave = sync(shop, List.of(yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, annotations: {conveyor.dev/sync-wave: soon}}
                """)), Inventory.EMPTY);
        SyncReport hookOnADeployment = sync(shop, List.of(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d, annotations: {conveyor.dev/hook: PreSync}}
                """)), Inventory.EMPTY);
        SyncReport duplicate = sync(shop, List.of(configMap("c", "{}"), configMap("c", "{}")), Inventory.EMPTY);

        assertThat(badWave.message()).isEqualTo(
                "prepare: /ConfigMap/shop/c: annotation conveyor.dev/sync-wave must be an integer, not 'soon'");
        assertThat(hookOnADeployment.message()).isEqualTo("prepare: apps/Deployment/shop/d: only Jobs and Pods can be hooks");
        assertThat(duplicate.message()).isEqualTo("prepare: /ConfigMap/shop/c is rendered twice");
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void namespacesAreSettledByKind() {
        Application noDestinationNamespace = app("shop", null);

        SyncReport report = sync(noDestinationNamespace, List.of(
                yaml("{apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: {name: reader, namespace: x}}"),
                yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: own, namespace: elsewhere}}"),
                yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: none}}")), Inventory.EMPTY);

        assertThat(report.changes()).extracting(c -> c.key().id()).containsExactlyInAnyOrder(
                "rbac.authorization.k8s.io/ClusterRole//reader",
                "/ConfigMap/elsewhere/own",
                "/ConfigMap/" + cluster.client.getNamespace() + "/none");
    }
}
