package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import org.junit.jupiter.api.Test;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static org.assertj.core.api.Assertions.assertThat;

/** Custom resources without a dedicated check, judged by their conditions. */
class ConditionsHealthTest {

    private final HealthAssessor assessor = new KubernetesHealthAssessor();

    private ResourceHealth certificate(long generation, String status) {
        return assessor.assess(LiveObjects.parse("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: storefront-tls, namespace: shop, generation: %d}
                spec:
                  secretName: storefront-tls
                  dnsNames: [shop.example.com]
                  issuerRef: {name: letsencrypt, kind: ClusterIssuer}
                status:
                %s
                """.formatted(generation, status)));
    }

    @Test
    void customResourceWithReadyFalseIsDegradedWithReasonAndMessage() {
        ResourceHealth health = certificate(2, """
                  conditions:
                  - type: Ready
                    status: "False"
                    reason: Failed
                    message: 'The certificate request has failed to complete and will be retried: Failed to wait for order resource "storefront-tls-1-2871" to become ready'
                    observedGeneration: 2
                    lastTransitionTime: "2025-11-20T10:00:00Z"
                  failedIssuanceAttempts: 1
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo("Not ready: Failed: The certificate request has failed to complete and will "
                + "be retried: Failed to wait for order resource \"storefront-tls-1-2871\" to become ready");
    }

    @Test
    void customResourceWithReadyTrueIsHealthy() {
        ResourceHealth health = certificate(2, """
                  conditions:
                  - {type: Ready, status: "True", reason: Ready, message: Certificate is up to date and has not expired, observedGeneration: 2}
                  notAfter: "2026-02-18T10:00:00Z"
                """);

        assertThat(health).isEqualTo(ResourceHealth.of(HEALTHY, "Ready: Ready: Certificate is up to date and has not expired"));
    }

    @Test
    void customResourceWithReadyUnknownIsProgressing() {
        ResourceHealth health = certificate(2, """
                  conditions:
                  - {type: Ready, status: Unknown, reason: Pending, message: Issuing certificate as Secret does not exist}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Ready is Unknown: Pending: Issuing certificate as Secret does not exist");
    }

    @Test
    void readyConditionWrittenForAnOlderGenerationIsStale() {
        ResourceHealth health = certificate(3, """
                  conditions:
                  - {type: Ready, status: "True", reason: Ready, observedGeneration: 2}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo(
                "Waiting for the controller to observe generation 3 (Ready condition is for generation 2)");
    }

    private ResourceHealth kustomization(long generation, String status) {
        return assessor.assess(LiveObjects.parse("""
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata: {name: infra, namespace: flux-system, generation: %d}
                spec: {interval: 10m, path: ./infra, prune: true, sourceRef: {kind: GitRepository, name: fleet}}
                status:
                %s
                """.formatted(generation, status)));
    }

    @Test
    void statusForAnOlderGenerationIsProgressingWhateverItsConditionsSay() {
        ResourceHealth health = kustomization(7, """
                  observedGeneration: 6
                  conditions:
                  - {type: Ready, status: "True", reason: ReconciliationSucceeded}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo(
                "Waiting for the controller to observe generation 7 (status is for generation 6)");
    }

    @Test
    void stalledIsDegraded() {
        ResourceHealth health = kustomization(7, """
                  observedGeneration: 7
                  conditions:
                  - {type: Ready, status: "False", reason: BuildFailed, message: kustomize build failed}
                  - {type: Stalled, status: "True", reason: BuildFailed, message: 'kustomize build failed: accumulating resources: missing file infra/redis.yaml'}
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo(
                "Stalled: BuildFailed: kustomize build failed: accumulating resources: missing file infra/redis.yaml");
    }

    @Test
    void reconcilingIsProgressingEvenWhileNotReady() {
        ResourceHealth health = kustomization(7, """
                  observedGeneration: 7
                  conditions:
                  - {type: Reconciling, status: "True", reason: Progressing, message: 'Reconciliation in progress'}
                  - {type: Ready, status: "False", reason: Progressing, message: 'Reconciliation in progress'}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Reconciling: Progressing: Reconciliation in progress");
    }

    @Test
    void availableConditionIsUsedWhenThereIsNoReady() {
        ResourceHealth health = assessor.assess(LiveObjects.parse("""
                apiVersion: apiregistration.k8s.io/v1
                kind: APIService
                metadata: {name: v1beta1.metrics.k8s.io}
                spec: {group: metrics.k8s.io, version: v1beta1, service: {name: metrics-server, namespace: kube-system}}
                status:
                  conditions:
                  - {type: Available, status: "False", reason: MissingEndpoints, message: endpoints for service/metrics-server in "kube-system" have no addresses}
                """));

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo(
                "Not available: MissingEndpoints: endpoints for service/metrics-server in \"kube-system\" have no addresses");
    }

    @Test
    void customResourceWithUnrecognisedConditionsIsHealthy() {
        ResourceHealth health = assessor.assess(LiveObjects.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: shop, generation: 1}
                status:
                  conditions:
                  - {type: Synced, status: "True"}
                """));

        assertThat(health).isEqualTo(ResourceHealth.of(HEALTHY, "example.com/Widget has no health status; it exists"));
    }
}
