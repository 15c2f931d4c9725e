package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.conveyor.syncer.apply.Manifests.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/** Against fabric8's in-memory API server in CRUD mode, the only stand-in for a cluster (see {@link MockCluster}). */
class ClientSideApplierTest {

    private final MockCluster cluster = MockCluster.crud();
    private final ClientSideApplier applier = new ClientSideApplier(cluster.client);

    @AfterEach
    void close() {
        cluster.close();
    }

    private static GenericKubernetesResource settings(String data) {
        return yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: shop, labels: {app: shop}}
                data: %s
                """.formatted(data));
    }

    @Test
    void createsAMissingObjectAndRecordsTheAppliedConfiguration() {
        GenericKubernetesResource created = applier.apply(settings("{a: '1'}"), null);

        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        GenericKubernetesResource live = cluster.get("v1", "ConfigMap", "shop", "settings");
        ObjectNode applied = Trees.parseObject(live.getMetadata().getAnnotations().get(Applier.LAST_APPLIED_ANNOTATION));
        assertThat(applied.at("/data/a").asText()).isEqualTo("1");
        assertThat(applied.at("/metadata/resourceVersion").isMissingNode()).isTrue();
        assertThat(cluster.writes()).containsExactly("POST /api/v1/namespaces/shop/configmaps");
    }

    @Test
    void threeWayMergeRemovesWhatLeftDesiredAndKeepsWhatOthersAdded() {
        applier.apply(settings("{a: '1', b: '2'}"), null);
        GenericKubernetesResource byAnotherWriter = cluster.get("v1", "ConfigMap", "shop", "settings");
        byAnotherWriter.getMetadata().getAnnotations().put("other.example.com/checked", "yes");
        byAnotherWriter.<Map<String, Object>>get("data").put("c", "3");
        cluster.client.resource(byAnotherWriter).update();
        cluster.writes();

        GenericKubernetesResource live = cluster.get("v1", "ConfigMap", "shop", "settings");
        applier.apply(settings("{a: '10'}"), live);

        GenericKubernetesResource after = cluster.get("v1", "ConfigMap", "shop", "settings");
        assertThat(after.<Map<String, Object>>get("data")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "10", "c", "3"));
        assertThat(after.getMetadata().getAnnotations()).containsEntry("other.example.com/checked", "yes");
        assertThat(after.getMetadata().getLabels()).containsEntry("app", "shop");
        assertThat(cluster.writes()).containsExactly("PUT /api/v1/namespaces/shop/configmaps/settings");
    }

    @Test
    void aConflictIsRetriedByReadingAgain() {
        applier.apply(settings("{a: '1'}"), null);
        GenericKubernetesResource stale = cluster.get("v1", "ConfigMap", "shop", "settings");
        GenericKubernetesResource meanwhile = cluster.get("v1", "ConfigMap", "shop", "settings");
        meanwhile.getMetadata().getLabels().put("touched", "meanwhile");
        cluster.client.resource(meanwhile).update();
        cluster.requests();

        applier.apply(settings("{a: '2'}"), stale);

        assertThat(cluster.requests()).containsExactly(
                "PUT /api/v1/namespaces/shop/configmaps/settings",  // 409: stale resourceVersion
                "GET /api/v1/namespaces/shop/configmaps/settings",
                "PUT /api/v1/namespaces/shop/configmaps/settings");
        GenericKubernetesResource after = cluster.get("v1", "ConfigMap", "shop", "settings");
        assertThat(after.<String>get("data", "a")).isEqualTo("2");
        assertThat(after.getMetadata().getLabels()).containsEntry("touched", "meanwhile");
    }

    @Test
    void namedListsMergeByNameKeepingElementsOthersInjected() {
        ObjectNode lastApplied = Trees.toTree(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: main, image: web:1}
                      - {name: logger, image: log:1}
                """));
        ObjectNode live = Trees.toTree(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, resourceVersion: "7"}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: main, image: web:1, imagePullPolicy: IfNotPresent}
                      - {name: logger, image: log:1}
                      - {name: mesh-proxy, image: proxy:9}
                status: {readyReplicas: 1}
                """));
        ObjectNode desired = Trees.toTree(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: main, image: web:2}
                """));

        ObjectNode merged = ClientSideApplier.merge(live, desired, lastApplied);

        assertThat(merged.at("/spec/template/spec/containers").findValuesAsText("name"))
                .containsExactly("main", "mesh-proxy");
        assertThat(merged.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("web:2");
        assertThat(merged.at("/spec/template/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(merged.at("/metadata/resourceVersion").asText()).isEqualTo("7");
        assertThat(merged.at("/status/readyReplicas").asInt()).isEqualTo(1);
    }

    @Test
    void customResourcesGoThroughTheSamePath() {
        cluster.create(yaml("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
                  versions: [{name: v1, served: true, storage: true}]
                """));
        GenericKubernetesResource widget = yaml("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: shop}
                spec: {size: 1, color: red}
                """);

        applier.apply(widget, null);
        applier.apply(yaml(Trees.toJson(Trees.toTree(widget)).replace("\"size\":1,\"color\":\"red\"", "\"size\":2")),
                cluster.get("example.com/v1", "Widget", "shop", "w"));

        GenericKubernetesResource live = cluster.get("example.com/v1", "Widget", "shop", "w");
        assertThat(live.<Map<String, Object>>get("spec")).containsExactlyEntriesOf(Map.of("size", 2));
        assertThat(cluster.writes()).containsExactly("POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                "POST /apis/example.com/v1/namespaces/shop/widgets", "PUT /apis/example.com/v1/namespaces/shop/widgets/w");
    }

    @Test
    void setsNothingItWasNotAskedTo() {
        GenericKubernetesResource created = applier.apply(settings("{a: '1'}"), null);

        assertThat(created.getMetadata().getAnnotations()).containsOnlyKeys(Applier.LAST_APPLIED_ANNOTATION);
        assertThat(List.copyOf(created.getMetadata().getLabels().keySet())).containsExactly("app");
    }
}
