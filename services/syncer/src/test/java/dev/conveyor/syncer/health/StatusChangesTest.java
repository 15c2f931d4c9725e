package dev.conveyor.syncer.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusChangesTest {

    private static GenericKubernetesResource deployment(String resourceVersion, int replicas, int available) {
        return LiveObjects.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                  namespace: shop
                  resourceVersion: "%s"
                  generation: 4
                  managedFields:
                  - {manager: kube-controller-manager, operation: Update, subresource: status, time: "2025-11-20T10:00:0%sZ"}
                spec:
                  replicas: %d
                status:
                  observedGeneration: 4
                  availableReplicas: %d
                """.formatted(resourceVersion, resourceVersion.substring(resourceVersion.length() - 1), replicas, available));
    }

    @Test
    void aControllerUpdatingStatusIsAStatusOnlyChange() {
        assertThat(StatusChanges.statusOnlyChange(deployment("1001", 3, 2), deployment("1002", 3, 3))).isTrue();
    }

    @Test
    void aSpecChangeIsNot() {
        assertThat(StatusChanges.statusOnlyChange(deployment("1001", 3, 3), deployment("1002", 5, 3))).isFalse();
    }

    @Test
    void noChangeAndNoObjectAreNot() {
        assertThat(StatusChanges.statusOnlyChange(deployment("1001", 3, 3), deployment("1001", 3, 3))).isFalse();
        assertThat(StatusChanges.statusOnlyChange(null, deployment("1001", 3, 3))).isFalse();
    }
}
