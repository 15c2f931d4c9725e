package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static org.assertj.core.api.Assertions.assertThat;

class PodHealthTest {

    private final HealthAssessor assessor = new KubernetesHealthAssessor();

    private ResourceHealth assess(String restartPolicy, String status) {
        return assessor.assess(LiveObjects.parse("""
                apiVersion: v1
                kind: Pod
                metadata: {name: migrate, namespace: shop}
                spec:
                  restartPolicy: %s
                  containers:
                  - {name: api, image: registry.example.com/shop/api:1.4.2}
                status:
                %s
                """.formatted(restartPolicy, status)));
    }

    @Test
    void crashLoopingPodIsDegradedWithTheKubeletsMessage() {
        ResourceHealth health = assess("Always", """
                  phase: Running
                  conditions:
                  - {type: Ready, status: "False", reason: ContainersNotReady, message: "containers with unready status: [api]"}
                  containerStatuses:
                  - name: api
                    ready: false
                    restartCount: 6
                    image: registry.example.com/shop/api:1.4.2
                    state:
                      waiting:
                        reason: CrashLoopBackOff
                        message: back-off 2m40s restarting failed container=api pod=migrate_shop(0b6c1f5e)
                    lastState:
                      terminated: {exitCode: 1, reason: Error}
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo("container api is waiting: CrashLoopBackOff: "
                + "back-off 2m40s restarting failed container=api pod=migrate_shop(0b6c1f5e)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "InvalidImageName"})
    void podThatCannotStartItsContainerIsDegradedEvenWhilePending(String reason) {
        ResourceHealth health = assess("Always", """
                  phase: Pending
                  containerStatuses:
                  - name: api
                    ready: false
                    restartCount: 0
                    state:
                      waiting: {reason: %s, message: 'Back-off pulling image "registry.example.com/shop/api:1.4.3"'}
                """.formatted(reason));

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith("container api is waiting: " + reason + ": Back-off pulling image");
    }

    @Test
    void initContainerStuckInBackOffMakesThePodDegraded() {
        ResourceHealth health = assess("Always", """
                  phase: Pending
                  initContainerStatuses:
                  - name: wait-for-db
                    state:
                      waiting: {reason: CrashLoopBackOff, message: back-off 40s restarting failed container}
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).contains("container wait-for-db is waiting: CrashLoopBackOff");
    }

    @Test
    void runningPodWithAllContainersReadyIsHealthy() {
        ResourceHealth health = assess("Always", """
                  phase: Running
                  podIP: 10.244.1.17
                  conditions:
                  - {type: Initialized, status: "True"}
                  - {type: Ready, status: "True"}
                  - {type: ContainersReady, status: "True"}
                  - {type: PodScheduled, status: "True"}
                  containerStatuses:
                  - name: api
                    ready: true
                    started: true
                    restartCount: 0
                    state:
                      running: {startedAt: "2025-11-20T10:00:00Z"}
                """);

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("Pod is running and all containers are ready");
    }

    @Test
    void runningPodNotYetReadyIsProgressing() {
        ResourceHealth health = assess("Always", """
                  phase: Running
                  conditions:
                  - {type: Ready, status: "False", reason: ContainersNotReady, message: "containers with unready status: [api]"}
                  containerStatuses:
                  - name: api
                    ready: false
                    state:
                      running: {startedAt: "2025-11-20T10:00:00Z"}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo(
                "Pod is running; waiting for containers to be ready: ContainersNotReady: containers with unready status: [api]");
    }

    @Test
    void runningPodThatMustRunToCompletionIsProgressing() {
        ResourceHealth health = assess("Never", """
                  phase: Running
                  conditions:
                  - {type: Ready, status: "True"}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).contains("restartPolicy Never").contains("waiting for it to complete");
    }

    @Test
    void succeededPodIsHealthy() {
        ResourceHealth health = assess("Never", """
                  phase: Succeeded
                  containerStatuses:
                  - name: api
                    state:
                      terminated: {exitCode: 0, reason: Completed}
                """);

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("Pod completed successfully");
    }

    @Test
    void failedPodIsDegradedAndSaysWhichContainerExitedHow() {
        ResourceHealth health = assess("Never", """
                  phase: Failed
                  containerStatuses:
                  - name: api
                    state:
                      terminated: {exitCode: 137, reason: OOMKilled}
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo("Pod failed: container api exited with code 137 (OOMKilled)");
    }

    @Test
    void evictedPodIsDegradedWithTheEvictionMessage() {
        ResourceHealth health = assess("Always", """
                  phase: Failed
                  reason: Evicted
                  message: 'The node was low on resource: memory.'
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo("Pod failed: Evicted: The node was low on resource: memory.");
    }

    @Test
    void unschedulablePendingPodIsProgressingAndSaysWhy() {
        ResourceHealth health = assess("Always", """
                  phase: Pending
                  qosClass: Burstable
                  conditions:
                  - type: PodScheduled
                    status: "False"
                    reason: Unschedulable
                    message: '0/3 nodes are available: 3 Insufficient cpu.'
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo(
                "Pod is pending: not scheduled: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.");
    }

    @Test
    void pendingPodCreatingContainersIsProgressing() {
        ResourceHealth health = assess("Always", """
                  phase: Pending
                  conditions:
                  - {type: PodScheduled, status: "True"}
                  containerStatuses:
                  - name: api
                    state:
                      waiting: {reason: ContainerCreating}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Pod is pending");
    }
}
