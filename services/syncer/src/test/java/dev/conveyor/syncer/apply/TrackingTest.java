package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import static dev.conveyor.syncer.apply.Manifests.yaml;
import static org.assertj.core.api.Assertions.assertThat;

class TrackingTest {

    private final GenericKubernetesResource deployment = yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {app: web}}
            """);

    @Test
    void tracksWithLabelsAndAnExactTrackingId() {
        GenericKubernetesResource tracked = Tracking.track(deployment, "shop");

        assertThat(tracked.getMetadata().getLabels()).containsEntry("app", "web")
                .containsEntry("app.kubernetes.io/managed-by", "conveyor")
                .containsEntry("conveyor.dev/application", "shop");
        assertThat(tracked.getMetadata().getAnnotations())
                .containsEntry("conveyor.dev/tracking-id", "shop:apps/Deployment:shop/web");
        assertThat(deployment.getMetadata().getLabels()).containsOnlyKeys("app"); // the input is not modified
        assertThat(Tracking.isTrackedBy(tracked, "shop")).isTrue();
        assertThat(Tracking.isTrackedBy(tracked, "other")).isFalse();
    }

    @Test
    void clusterScopedAndCoreObjectsHaveEmptyParts() {
        GenericKubernetesResource namespace = yaml("{apiVersion: v1, kind: Namespace, metadata: {name: shop}}");
        assertThat(Tracking.trackingId("shop", ResourceKey.of(namespace))).isEqualTo("shop:/Namespace:/shop");
    }

    @Test
    void aCopiedLabelOrACopiedAnnotationIsNotTracking() {
        GenericKubernetesResource labelOnly = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop, labels: {conveyor.dev/application: shop}}
                """);
        GenericKubernetesResource copiedFromAnother = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web-copy
                  namespace: shop
                  labels: {conveyor.dev/application: shop}
                  annotations: {conveyor.dev/tracking-id: "shop:apps/Deployment:shop/web"}
                """);

        assertThat(Tracking.isTrackedBy(labelOnly, "shop")).isFalse();
        assertThat(Tracking.isTrackedBy(copiedFromAnother, "shop")).isFalse();
        assertThat(Tracking.isTrackedBy(null, "shop")).isFalse();
    }
}
