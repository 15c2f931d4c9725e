package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.syncer.app.Application.IgnoreDifference;
import dev.conveyor.syncer.apply.DiffEngine.Diff;
import dev.conveyor.syncer.apply.DiffEngine.Status;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.conveyor.syncer.apply.Manifests.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/** The diff is plain Java: no API server involved. */
class DiffEngineTest {

    private final DiffEngine engine = new DiffEngine();

    private static final String DESIRED = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels: {app: web}
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                  - name: main
                    image: web:1
                    env:
                    - {name: A, value: "1"}
                    ports:
                    - containerPort: 8080
            """;

    /** As an API server returns it: server-set metadata, defaults, status, an injected sidecar. */
    private static final String LIVE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              uid: 7d1c
              resourceVersion: "4711"
              generation: 3
              creationTimestamp: "2026-01-01T00:00:00Z"
              managedFields: [{manager: kube-controller-manager}]
              labels: {app: web, injected-by: mesh}
              annotations: {deployment.kubernetes.io/revision: "3"}
            spec:
              replicas: 2
              revisionHistoryLimit: 10
              template:
                spec:
                  containers:
                  - name: main
                    image: web:1
                    imagePullPolicy: IfNotPresent
                    env:
                    - {name: A, value: "1"}
                    ports:
                    - {containerPort: 8080, protocol: TCP}
                  - name: mesh-proxy
                    image: proxy:9
                  restartPolicy: Always
            status:
              readyReplicas: 2
            """;

    private static final String ENV_A = "- {name: A, value: \"1\"}";
    private static final String ENV_B = "- {name: B, value: \"2\"}";

    @Test
    void serverSetFieldsDefaultsStatusAndExtraNamedElementsAreNotDifferences() {
        Diff diff = engine.diff(yaml(DESIRED), yaml(LIVE), List.of());

        assertThat(diff.status()).isEqualTo(Status.IN_SYNC);
        assertThat(diff.differences()).isEmpty();
        assertThat(diff.needsApply()).isFalse();
    }

    @Test
    void missingLiveObjectIsMissing() {
        assertThat(engine.diff(yaml(DESIRED), null, List.of()).status()).isEqualTo(Status.MISSING);
    }

    @Test
    void anImageChangeIsReportedAtItsPathWithContainersMatchedByName() {
        Diff diff = engine.diff(yaml(DESIRED.replace("web:1", "web:2")), yaml(LIVE), List.of());

        assertThat(diff.status()).isEqualTo(Status.OUT_OF_SYNC);
        assertThat(diff.differences()).containsExactly("spec.template.spec.containers[name=main].image");
        assertThat(diff.summary()).isEqualTo("differs at spec.template.spec.containers[name=main].image");
    }

    @Test
    void unnamedListsAreComparedElementByElementAndByLength() {
        GenericKubernetesResource desired = yaml(DESIRED.replace("- containerPort: 8080",
                "- containerPort: 8080\n        - containerPort: 9090"));

        assertThat(engine.diff(desired, yaml(LIVE), List.of()).differences())
                .containsExactly("spec.template.spec.containers[name=main].ports");
    }

    @Test
    void theOrderOfNamedElementsMatters() {
        GenericKubernetesResource desired = yaml(DESIRED.replace(ENV_A, ENV_B + "\n        " + ENV_A));
        GenericKubernetesResource live = yaml(LIVE.replace(ENV_A, ENV_A + "\n        " + ENV_B));

        assertThat(engine.diff(desired, live, List.of()).differences())
                .containsExactly("spec.template.spec.containers[name=main].env (order)");
    }

    @Test
    void aFieldRemovedFromDesiredSinceTheLastApplyMustBeAbsentLive() {
        GenericKubernetesResource lastApplied = yaml(DESIRED.replace("labels: {app: web}", "labels: {app: web, tier: front}"));
        GenericKubernetesResource live = withLastApplied(yaml(LIVE.replace("injected-by: mesh", "injected-by: mesh, tier: front")),
                lastApplied);

        Diff diff = engine.diff(yaml(DESIRED), live, List.of());

        assertThat(diff.differences()).containsExactly("metadata.labels.tier (removed from desired)");
        // a label someone else added (never applied by us) is not a difference
        assertThat(diff.differences()).noneMatch(d -> d.contains("injected-by"));
    }

    @Test
    void aNamedElementRemovedFromDesiredSinceTheLastApplyMustBeAbsentLive() {
        String withOld = ENV_A + "\n        - {name: OLD, value: \"x\"}";
        GenericKubernetesResource previous = yaml(DESIRED.replace(ENV_A, withOld));
        GenericKubernetesResource live = withLastApplied(yaml(LIVE.replace(ENV_A, withOld)), previous);

        assertThat(engine.diff(yaml(DESIRED), live, List.of()).differences())
                .containsExactly("spec.template.spec.containers[name=main].env[name=OLD] (removed from desired)");
    }

    @Test
    void ignoreDifferencesPointersAreRemovedFromBothSidesOfMatchingObjectsOnly() {
        GenericKubernetesResource live = yaml(LIVE.replace("replicas: 2", "replicas: 7"));
        IgnoreDifference replicas = new IgnoreDifference("apps", "Deployment", null, null, List.of("/spec/replicas"));
        IgnoreDifference otherName = new IgnoreDifference("apps", "Deployment", "api", null, List.of("/spec/replicas"));
        IgnoreDifference otherKind = new IgnoreDifference("apps", "StatefulSet", null, null, List.of("/spec/replicas"));

        assertThat(engine.diff(yaml(DESIRED), live, List.of(replicas)).status()).isEqualTo(Status.IN_SYNC);
        assertThat(engine.diff(yaml(DESIRED), live, List.of(otherName, otherKind)).differences())
                .containsExactly("spec.replicas");
    }

    @Test
    void ignoredPointersIntoListsWork() {
        GenericKubernetesResource live = yaml(LIVE.replace("image: web:1", "image: web:1@sha256:abc"));
        IgnoreDifference image = new IgnoreDifference("apps", "Deployment", "web", "shop",
                List.of("/spec/template/spec/containers/0/image"));

        assertThat(engine.diff(yaml(DESIRED), live, List.of(image)).status()).isEqualTo(Status.IN_SYNC);
    }

    @Test
    void respectIgnoredKeepsLiveValuesOfIgnoredFields() {
        GenericKubernetesResource live = yaml(LIVE.replace("replicas: 2", "replicas: 7"));
        IgnoreDifference replicas = new IgnoreDifference("apps", "Deployment", null, null, List.of("/spec/replicas"));

        GenericKubernetesResource kept = engine.respectIgnored(yaml(DESIRED.replace("web:1", "web:2")), live, List.of(replicas));

        assertThat(kept.<Integer>get("spec", "replicas")).isEqualTo(7);
        assertThat(engine.diff(kept, live, List.of()).differences())
                .containsExactly("spec.template.spec.containers[name=main].image");
    }

    @Test
    void nullMeansAbsentEmptyMatchesAbsentNumbersCompareByValue() {
        GenericKubernetesResource desired = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: shop, annotations: {}}
                data: {a: "1", gone: null}
                binaryData: {}
                """);
        GenericKubernetesResource live = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: shop}
                data: {a: "1"}
                """);
        assertThat(engine.diff(desired, live, List.of()).status()).isEqualTo(Status.IN_SYNC);

        GenericKubernetesResource liveWithGone = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: shop}
                data: {a: "1", gone: "still here"}
                """);
        assertThat(engine.diff(desired, liveWithGone, List.of()).differences()).containsExactly("data.gone");

        GenericKubernetesResource intReplicas = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {replicas: 2}}");
        GenericKubernetesResource doubleReplicas = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {replicas: 2.0}}");
        assertThat(engine.diff(intReplicas, doubleReplicas, List.of()).status()).isEqualTo(Status.IN_SYNC);
    }

    @Test
    void secretStringDataComparesWithTheDataTheServerStores() {
        GenericKubernetesResource desired = yaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: shop}
                stringData: {password: hunter2}
                """);
        GenericKubernetesResource live = yaml("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s, namespace: shop}
                type: Opaque
                data: {password: aHVudGVyMg==}
                """);

        assertThat(engine.diff(desired, live, List.of()).status()).isEqualTo(Status.IN_SYNC);
        assertThat(engine.diff(desired, yaml(Trees.toJson(Trees.toTree(live)).replace("aHVudGVyMg==", "b3RoZXI=")),
                List.of()).differences()).containsExactly("data.password");
    }

    @Test
    void keysWithDotsAndSlashesAreQuotedInPaths() {
        GenericKubernetesResource desired = yaml("""
                {apiVersion: v1, kind: ConfigMap, metadata: {name: c, annotations: {"example.com/owner": team-a}}}
                """);
        GenericKubernetesResource live = yaml("""
                {apiVersion: v1, kind: ConfigMap, metadata: {name: c, annotations: {"example.com/owner": team-b}}}
                """);

        assertThat(engine.diff(desired, live, List.of()).differences())
                .containsExactly("metadata.annotations[\"example.com/owner\"]");
    }

    private static GenericKubernetesResource withLastApplied(GenericKubernetesResource live, GenericKubernetesResource applied) {
        ObjectNode tree = Trees.toTree(live);
        ObjectNode metadata = (ObjectNode) tree.get("metadata");
        ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations")
                : metadata.putObject("annotations");
        annotations.put(Applier.LAST_APPLIED_ANNOTATION, Trees.toJson(Trees.toTree(applied)));
        return Trees.toResource(tree);
    }
}
