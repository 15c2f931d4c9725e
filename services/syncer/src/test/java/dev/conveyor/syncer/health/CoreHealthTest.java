package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import org.junit.jupiter.api.Test;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.MISSING;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;

class CoreHealthTest {

    private final HealthAssessor assessor = new KubernetesHealthAssessor();

    private ResourceHealth assess(String yaml) {
        return assessor.assess(LiveObjects.parse(yaml));
    }

    @Test
    void objectThatDoesNotExistIsMissing() {
        ResourceHealth health = assessor.assess(null);

        assertThat(health.health()).isEqualTo(MISSING);
        assertThat(health.message()).isEqualTo("Resource does not exist");
    }

    @Test
    void objectBeingDeletedIsProgressingAndNamesItsFinalizers() {
        ResourceHealth health = assess("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: data
                  namespace: shop
                  deletionTimestamp: "2025-11-20T10:00:00Z"
                  finalizers: [kubernetes.io/pvc-protection]
                status: {phase: Bound}
                """);

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo(
                "Pending deletion (since 2025-11-20T10:00:00Z; finalizers: [\"kubernetes.io/pvc-protection\"])");
    }

    private static String pvc(String phase) {
        return """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data-db-0, namespace: shop}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 10Gi}}
                  storageClassName: fast-ssd
                  volumeMode: Filesystem
                  %s
                status:
                  phase: %s
                """.formatted("Pending".equals(phase) ? "" : "volumeName: pvc-3f1c9a2e-0d4b-4b8e-9c1a-7e2f5d6a8b90", phase);
    }

    @Test
    void boundClaimIsHealthy() {
        ResourceHealth health = assess(pvc("Bound"));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("Bound to volume pvc-3f1c9a2e-0d4b-4b8e-9c1a-7e2f5d6a8b90");
    }

    @Test
    void pendingClaimIsProgressing() {
        ResourceHealth health = assess(pvc("Pending"));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for the claim to be bound (storage class fast-ssd)");
    }

    @Test
    void lostClaimIsDegraded() {
        ResourceHealth health = assess(pvc("Lost"));

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).contains("lost its volume pvc-3f1c9a2e-0d4b-4b8e-9c1a-7e2f5d6a8b90");
    }

    private static String loadBalancer(String status) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: storefront, namespace: shop}
                spec:
                  type: LoadBalancer
                  clusterIP: 10.96.14.2
                  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP, nodePort: 31080}]
                  selector: {app: storefront}
                status:
                %s
                """.formatted(status);
    }

    @Test
    void loadBalancerServiceWithoutAnAddressIsProgressing() {
        ResourceHealth health = assess(loadBalancer("  loadBalancer: {}"));

        assertThat(health.health()).isEqualTo(PROGRESSING);
        assertThat(health.message()).isEqualTo("Waiting for the load balancer to be assigned an address");
    }

    @Test
    void loadBalancerServiceWithAnAddressIsHealthy() {
        ResourceHealth health = assess(loadBalancer("""
                  loadBalancer:
                    ingress:
                    - {ip: 203.0.113.10, ipMode: VIP}
                    - {hostname: a1b2c3.elb.example.com}
                """));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("Load balancer ready at 203.0.113.10, a1b2c3.elb.example.com");
    }

    @Test
    void clusterIpServiceIsHealthy() {
        ResourceHealth health = assess("""
                apiVersion: v1
                kind: Service
                metadata: {name: api, namespace: shop}
                spec:
                  clusterIP: 10.96.14.3
                  ports: [{port: 80, targetPort: 8080}]
                status:
                  loadBalancer: {}
                """);

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("ClusterIP service");
    }

    @Test
    void ingressIsProgressingUntilTheControllerPublishesAnAddress() {
        String ingress = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: storefront, namespace: shop, generation: 1}
                spec:
                  ingressClassName: nginx
                  rules:
                  - host: shop.example.com
                    http:
                      paths: [{path: /, pathType: Prefix, backend: {service: {name: storefront, port: {number: 80}}}}]
                status:
                  loadBalancer: %s
                """;

        ResourceHealth waiting = assess(ingress.formatted("{}"));
        ResourceHealth published = assess(ingress.formatted("{ingress: [{ip: 203.0.113.20}]}"));

        assertThat(waiting.health()).isEqualTo(PROGRESSING);
        assertThat(waiting.message()).isEqualTo("Waiting for the ingress controller to publish an address");
        assertThat(published.health()).isEqualTo(HEALTHY);
        assertThat(published.message()).isEqualTo("Ingress published at 203.0.113.20");
    }

    @Test
    void namespaceIsHealthyWhenActiveAndProgressingWhenTerminating() {
        String namespace = """
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                spec: {finalizers: [kubernetes]}
                status: {phase: %s}
                """;

        assertThat(assess(namespace.formatted("Active"))).isEqualTo(ResourceHealth.of(HEALTHY, "Namespace is Active"));
        assertThat(assess(namespace.formatted("Terminating")))
                .isEqualTo(ResourceHealth.of(PROGRESSING, "Namespace is terminating"));
    }

    @Test
    void objectsWithoutStatusSemanticsAreHealthy() {
        ResourceHealth configMap = assess("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: api-config, namespace: shop}
                data: {LOG_LEVEL: info}
                """);
        ResourceHealth role = assess("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: reader, namespace: shop}
                rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
                """);

        assertThat(configMap).isEqualTo(ResourceHealth.of(HEALTHY, "ConfigMap has no health status; it exists"));
        assertThat(role).isEqualTo(ResourceHealth.of(HEALTHY,
                "rbac.authorization.k8s.io/Role has no health status; it exists"));
    }

    private static String hpa(String conditions) {
        return """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: api, namespace: shop}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
                  minReplicas: 2
                  maxReplicas: 10
                  metrics:
                  - type: Resource
                    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
                status:
                  currentReplicas: 3
                  desiredReplicas: 3
                  conditions:
                %s
                """.formatted(conditions);
    }

    @Test
    void autoscalerThatCannotGetItsMetricsIsDegraded() {
        ResourceHealth health = assess(hpa("""
                  - {type: AbleToScale, status: "True", reason: SucceededGetScale, message: the HPA controller was able to get the target's current scale}
                  - type: ScalingActive
                    status: "False"
                    reason: FailedGetResourceMetric
                    message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API'
                """));

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(
                "Autoscaling is not active: FailedGetResourceMetric: the HPA was unable to compute the replica count");
    }

    @Test
    void autoscalerThatIsScalingIsHealthy() {
        ResourceHealth health = assess(hpa("""
                  - {type: AbleToScale, status: "True", reason: ReadyForNewScale, message: recommended size matches current size}
                  - {type: ScalingActive, status: "True", reason: ValidMetricFound, message: the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)}
                  - {type: ScalingLimited, status: "False", reason: DesiredWithinRange, message: the desired count is within the acceptable range}
                """));

        assertThat(health.health()).isEqualTo(HEALTHY);
        assertThat(health.message()).isEqualTo("3 current / 3 desired replicas: ReadyForNewScale: recommended size matches current size");
    }

    @Test
    void autoscalerOfATargetScaledToZeroIsSuspended() {
        ResourceHealth health = assess(hpa("""
                  - {type: AbleToScale, status: "True", reason: SucceededGetScale}
                  - {type: ScalingActive, status: "False", reason: ScalingDisabled, message: scaling is disabled since the replica count of the target is zero}
                """));

        assertThat(health.health()).isEqualTo(SUSPENDED);
        assertThat(health.message()).contains("replica count of the target is zero");
    }

    @Test
    void autoscalingV1ConditionsAreReadFromTheAnnotation() {
        ResourceHealth health = assess("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata:
                  name: api
                  namespace: shop
                  annotations:
                    autoscaling.alpha.kubernetes.io/conditions: '[{"type":"AbleToScale","status":"False","lastTransitionTime":"2025-11-20T10:00:00Z","reason":"FailedGetScale","message":"deployments/scale.apps \\"api\\" not found"}]'
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
                  maxReplicas: 5
                status: {currentReplicas: 0, desiredReplicas: 0}
                """);

        assertThat(health.health()).isEqualTo(DEGRADED);
        assertThat(health.message()).isEqualTo("Cannot scale the target: FailedGetScale: deployments/scale.apps \"api\" not found");
    }
}
