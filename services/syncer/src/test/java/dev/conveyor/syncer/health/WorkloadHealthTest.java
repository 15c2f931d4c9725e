package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import org.junit.jupiter.api.Test;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;

class WorkloadHealthTest {

    private final HealthAssessor assessor = new KubernetesHealthAssessor();

    private ResourceHealth assess(String yaml) {
        return assessor.assess(LiveObjects.parse(yaml));
    }

    private static String deployment(String specExtra, long generation, String status) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: api
                  namespace: shop
                  generation: %d
                  annotations:
                    deployment.kubernetes.io/revision: "4"
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: api}
                  strategy:
                    type: RollingUpdate
                    rollingUpdate: {maxSurge: 25%%, maxUnavailable: 25%%}
                  template:
                    metadata:
                      labels: {app: api}
                    spec:
                      containers:
                      - name: api
                        image: registry.example.com/shop/api:1.4.2
                %s
                status:
                %s
                """.formatted(generation, specExtra, status);
    }

    @Test
    void deploymentWhoseNewGenerationIsNotObservedYetIsProgressing() {
        ResourceHealth health = assess(deployment("", 5, """
                  observedGeneration: 4
                  replicas: 3
                  updatedReplicas: 3
                  readyReplicas: 3
                  availableReplicas: 3
                  conditions:
                  - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                  - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).contains("observed deployment generation 4 is less than desired generation 5");
    }

    @Test
    void deploymentRollingWithOneOfThreeUpdatedIsProgressing() {
        ResourceHealth health = assess(deployment("", 5, """
                  observedGeneration: 5
                  replicas: 4
                  updatedReplicas: 1
                  readyReplicas: 3
                  availableReplicas: 3
                  unavailableReplicas: 1
                  conditions:
                  - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                  - type: Progressing
                    status: "True"
                    reason: ReplicaSetUpdated
                    message: ReplicaSet "api-7d9f8c6b5" is progressing.
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for rollout to finish: 1 out of 3 new replicas have been updated...");
    }

    @Test
    void deploymentWithOldReplicasStillRunningIsProgressing() {
        ResourceHealth health = assess(deployment("", 5, """
                  observedGeneration: 5
                  replicas: 4
                  updatedReplicas: 3
                  readyReplicas: 4
                  availableReplicas: 4
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for rollout to finish: 1 old replicas are pending termination...");
    }

    @Test
    void deploymentWithUpdatedReplicasNotYetAvailableIsProgressing() {
        ResourceHealth health = assess(deployment("", 5, """
                  observedGeneration: 5
                  replicas: 3
                  updatedReplicas: 3
                  readyReplicas: 1
                  availableReplicas: 1
                  unavailableReplicas: 2
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for rollout to finish: 1 of 3 updated replicas are available...");
    }

    @Test
    void deploymentPastItsProgressDeadlineIsDegraded() {
        ResourceHealth health = assess(deployment("  progressDeadlineSeconds: 600", 5, """
                  observedGeneration: 5
                  replicas: 4
                  updatedReplicas: 1
                  readyReplicas: 3
                  availableReplicas: 3
                  unavailableReplicas: 1
                  conditions:
                  - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                  - type: Progressing
                    status: "False"
                    reason: ProgressDeadlineExceeded
                    message: ReplicaSet "api-7d9f8c6b5" has timed out progressing.
                """));

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo(
                "Deployment shop/api exceeded its progress deadline: ReplicaSet \"api-7d9f8c6b5\" has timed out progressing.");
    }

    @Test
    void pausedDeploymentIsSuspended() {
        ResourceHealth health = assess(deployment("  paused: true", 6, """
                  observedGeneration: 6
                  replicas: 3
                  updatedReplicas: 0
                  availableReplicas: 3
                  conditions:
                  - {type: Progressing, status: Unknown, reason: DeploymentPaused, message: Deployment is paused}
                """));

        assertThat(health.health()).isEqualTo(SUSPENDED);
        assertThat(health.message()).isEqualTo("Deployment is paused");
    }

    @Test
    void deploymentWithAllReplicasUpdatedAndAvailableIsHealthy() {
        ResourceHealth health = assess(deployment("", 5, """
                  observedGeneration: 5
                  replicas: 3
                  updatedReplicas: 3
                  readyReplicas: 3
                  availableReplicas: 3
                  conditions:
                  - {type: Available, status: "True", reason: MinimumReplicasAvailable}
                  - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
                """));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("3 of 3 replicas updated and available");
    }

    @Test
    void deploymentJustCreatedWithoutStatusIsProgressing() {
        ResourceHealth health = assessor.assess(LiveObjects.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: shop, generation: 1}
                spec: {replicas: 2}
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).contains("observed deployment generation 0 is less than desired generation 1");
    }

    private static String statefulSet(String updateStrategy, String status) {
        return """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db, namespace: shop, generation: 3}
                spec:
                  replicas: 3
                  serviceName: db
                  updateStrategy:
                %s
                status:
                %s
                """.formatted(updateStrategy, status);
    }

    @Test
    void statefulSetRollingUpdateInFlightIsProgressing() {
        ResourceHealth health = assess(statefulSet("    type: RollingUpdate\n    rollingUpdate: {partition: 0}", """
                  observedGeneration: 3
                  replicas: 3
                  readyReplicas: 3
                  currentReplicas: 2
                  updatedReplicas: 1
                  currentRevision: db-5b8f6c7d9
                  updateRevision: db-6c9d7e8f1
                  collisionCount: 0
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for rolling update to complete: 1 of 3 pods at revision db-6c9d7e8f1...");
    }

    @Test
    void statefulSetWaitingForPodsToBeReadyIsProgressing() {
        ResourceHealth health = assess(statefulSet("    type: RollingUpdate", """
                  observedGeneration: 3
                  replicas: 2
                  readyReplicas: 1
                  currentRevision: db-5b8f6c7d9
                  updateRevision: db-5b8f6c7d9
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for 2 pods to be ready: 1 of 3 ready...");
    }

    @Test
    void statefulSetRollingUpdateCompleteIsHealthy() {
        ResourceHealth health = assess(statefulSet("    type: RollingUpdate\n    rollingUpdate: {partition: 0}", """
                  observedGeneration: 3
                  replicas: 3
                  readyReplicas: 3
                  availableReplicas: 3
                  currentReplicas: 3
                  updatedReplicas: 3
                  currentRevision: db-6c9d7e8f1
                  updateRevision: db-6c9d7e8f1
                """));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("rolling update complete: 3 pods at revision db-6c9d7e8f1");
    }

    @Test
    void statefulSetPartitionedRolloutWaitsOnlyForPodsAboveThePartition() {
        String strategy = "    type: RollingUpdate\n    rollingUpdate: {partition: 2}";
        ResourceHealth waiting = assess(statefulSet(strategy, """
                  observedGeneration: 3
                  replicas: 3
                  readyReplicas: 3
                  updatedReplicas: 0
                  currentRevision: db-5b8f6c7d9
                  updateRevision: db-6c9d7e8f1
                """));
        ResourceHealth done = assess(statefulSet(strategy, """
                  observedGeneration: 3
                  replicas: 3
                  readyReplicas: 3
                  updatedReplicas: 1
                  currentRevision: db-5b8f6c7d9
                  updateRevision: db-6c9d7e8f1
                """));

        assertThat(waiting.health()).isEqualTo(PROGRESSING);
        assertThat(waiting.message()).isEqualTo(
                "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...");
        assertThat(done.health()).isEqualTo(HEALTHY);
        assertThat(done.message()).startsWith("partitioned roll out complete: 1 new pods");
    }

    @Test
    void statefulSetWithOnDeleteIsHealthyOnceReadyWhateverTheRevisions() {
        ResourceHealth health = assess(statefulSet("    type: OnDelete", """
                  observedGeneration: 3
                  replicas: 3
                  readyReplicas: 3
                  currentRevision: db-5b8f6c7d9
                  updateRevision: db-6c9d7e8f1
                """));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).contains("3 ready pods").contains("OnDelete");
    }

    private static String daemonSet(String status) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: node-exporter, namespace: monitoring, generation: 2}
                spec:
                  updateStrategy:
                    type: RollingUpdate
                    rollingUpdate: {maxUnavailable: 1, maxSurge: 0}
                status:
                %s
                """.formatted(status);
    }

    @Test
    void daemonSetRollingOutIsProgressing() {
        ResourceHealth health = assess(daemonSet("""
                  observedGeneration: 2
                  currentNumberScheduled: 4
                  desiredNumberScheduled: 4
                  numberMisscheduled: 0
                  numberReady: 3
                  numberAvailable: 3
                  numberUnavailable: 1
                  updatedNumberScheduled: 2
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo(
                "Waiting for daemon set rollout to finish: 2 out of 4 new pods have been updated...");
    }

    @Test
    void daemonSetWithUpdatedPodsNotYetAvailableIsProgressing() {
        ResourceHealth health = assess(daemonSet("""
                  observedGeneration: 2
                  desiredNumberScheduled: 4
                  numberAvailable: 3
                  updatedNumberScheduled: 4
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for daemon set rollout to finish: 3 of 4 pods are available...");
    }

    @Test
    void daemonSetWithEveryPodUpdatedAndAvailableIsHealthy() {
        ResourceHealth health = assess(daemonSet("""
                  observedGeneration: 2
                  currentNumberScheduled: 4
                  desiredNumberScheduled: 4
                  numberReady: 4
                  numberAvailable: 4
                  updatedNumberScheduled: 4
                """));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("4 of 4 pods updated and available");
    }

    @Test
    void daemonSetWhoseGenerationIsNotObservedIsProgressing() {
        ResourceHealth health = assess(daemonSet("""
                  observedGeneration: 1
                  desiredNumberScheduled: 4
                  numberAvailable: 4
                  updatedNumberScheduled: 4
                """));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).contains("observed daemon set generation 1 is less than desired generation 2");
    }

    @Test
    void replicaSetThatCannotCreatePodsIsDegraded() {
        ResourceHealth health = assess("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: api-7d9f8c6b5, namespace: shop, generation: 1}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: api}}
                status:
                  observedGeneration: 1
                  replicas: 0
                  fullyLabeledReplicas: 0
                  conditions:
                  - type: ReplicaFailure
                    status: "True"
                    reason: FailedCreate
                    message: 'pods "api-7d9f8c6b5-x2x8k" is forbidden: exceeded quota: compute, requested: limits.cpu=2, used: limits.cpu=8, limited: limits.cpu=8'
                    lastTransitionTime: "2025-11-20T10:00:00Z"
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith("ReplicaSet cannot create its pods: FailedCreate: pods \"api-7d9f8c6b5-x2x8k\" is forbidden: exceeded quota");
    }

    @Test
    void replicaSetWithAllReplicasAvailableIsHealthy() {
        ResourceHealth health = assess("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: api-7d9f8c6b5, namespace: shop, generation: 1}
                spec: {replicas: 2}
                status: {observedGeneration: 1, replicas: 2, readyReplicas: 2, availableReplicas: 2}
                """);

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("2 of 2 replicas available");
    }
}
