package dev.conveyor.syncer.health;

import dev.conveyor.syncer.health.HealthAssessor.ResourceHealth;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.conveyor.events.SyncCompleted.Health.DEGRADED;
import static dev.conveyor.events.SyncCompleted.Health.HEALTHY;
import static dev.conveyor.events.SyncCompleted.Health.PROGRESSING;
import static dev.conveyor.events.SyncCompleted.Health.SUSPENDED;
import static dev.conveyor.events.SyncCompleted.Health.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CelHealthChecksTest {

    /** An Argo-Rollouts-like check: the controller writes its own verdict in status.phase and status.message. */
    private static final String ROLLOUT_CHECK = """
            has(obj.spec.paused) && obj.spec.paused
              ? {"status": "Suspended", "message": "Rollout is paused by a user"}
              : !has(obj.status) || !has(obj.status.phase)
                ? {"status": "Progressing", "message": "Waiting for the rollout controller"}
                : {"status": obj.status.phase == "Paused" ? "Suspended" : obj.status.phase,
                   "message": obj.?status[?"message"].orValue("")}
            """;

    private static GenericKubernetesResource rollout(String specExtra, String status) {
        return LiveObjects.parse("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: checkout, namespace: shop, generation: 4}
                spec:
                  replicas: 5
                  selector: {matchLabels: {app: checkout}}
                  strategy:
                    canary:
                      steps: [{setWeight: 20}, {pause: {}}, {setWeight: 100}]
                %s
                status:
                %s
                """.formatted(specExtra, status));
    }

    private final HealthAssessor assessor =
            new KubernetesHealthAssessor(CelHealthChecks.compile(Map.of("argoproj.io/Rollout", ROLLOUT_CHECK)));

    @Test
    void customCheckJudgesARolloutFromItsStatus() {
        ResourceHealth degraded = assessor.assess(rollout("", """
                  observedGeneration: "4"
                  phase: Degraded
                  message: 'RolloutAborted: Rollout aborted update to revision 7: Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)'
                  currentStepIndex: 1
                  stableRS: 6d5f8b7c9
                """));
        ResourceHealth paused = assessor.assess(rollout("", """
                  phase: Paused
                  message: CanaryPauseStep
                  currentStepIndex: 1
                """));
        ResourceHealth healthy = assessor.assess(rollout("", """
                  phase: Healthy
                """));

        assertThat(degraded.health()).isEqualTo(DEGRADED);
        assertThat(degraded.message()).startsWith("RolloutAborted: Rollout aborted update to revision 7");
        assertThat(paused).isEqualTo(ResourceHealth.of(SUSPENDED, "CanaryPauseStep"));
        assertThat(healthy).isEqualTo(ResourceHealth.of(HEALTHY, "custom health check for argoproj.io/Rollout returned Healthy"));
    }

    @Test
    void customCheckCanReadTheSpecAndGuardAgainstAMissingStatus() {
        ResourceHealth pausedByUser = assessor.assess(rollout("  paused: true", "  phase: Healthy"));
        ResourceHealth fresh = assessor.assess(LiveObjects.parse("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: checkout, namespace: shop}
                spec: {replicas: 5}
                """));

        assertThat(pausedByUser).isEqualTo(ResourceHealth.of(SUSPENDED, "Rollout is paused by a user"));
        assertThat(fresh).isEqualTo(ResourceHealth.of(PROGRESSING, "Waiting for the rollout controller"));
    }

    @Test
    void withoutTheCustomCheckTheRolloutFallsBackToTheGenericRules() {
        ResourceHealth health = new KubernetesHealthAssessor().assess(rollout("", "  phase: Degraded"));

        assertThat(health.health()).isEqualTo(HEALTHY);
    }

    @Test
    void customCheckWinsOverTheBuiltInCheckForItsKind() {
        HealthAssessor lenient = new KubernetesHealthAssessor(CelHealthChecks.compile(Map.of(
                "apps/Deployment", "obj.status.availableReplicas >= 1 ? 'healthy' : 'DEGRADED'")));
        GenericKubernetesResource rolling = LiveObjects.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: shop, generation: 2}
                spec: {replicas: 3}
                status: {observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2}
                """);

        assertThat(new KubernetesHealthAssessor().assess(rolling).health()).isEqualTo(PROGRESSING);
        assertThat(lenient.assess(rolling))
                .isEqualTo(ResourceHealth.of(HEALTHY, "custom health check for apps/Deployment returned healthy"));
    }

    @Test
    void coreKindsAreKeyedWithoutAGroup() {
        CelHealthChecks checks = CelHealthChecks.compile(Map.of(
                "ConfigMap", "has(obj.data) && 'ready' in obj.data ? 'Healthy' : 'Progressing'"));

        ResourceHealth health = new KubernetesHealthAssessor(checks).assess(LiveObjects.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: flags, namespace: shop}
                data: {other: "1"}
                """));

        assertThat(checks.kinds()).containsExactly("ConfigMap");
        assertThat(health.health()).isEqualTo(PROGRESSING);
    }

    @Test
    void anExpressionThatDoesNotCompileIsRejectedWhenTheChecksAreBuilt() {
        assertThatThrownBy(() -> CelHealthChecks.compile(Map.of(
                "argoproj.io/Rollout", ROLLOUT_CHECK,
                "example.com/Widget", "obj.status.phase == 'Ready' ? 'Healthy' : ")))
                .isInstanceOfSatisfying(InvalidHealthCheckException.class, e -> {
                    assertThat(e.kind()).isEqualTo("example.com/Widget");
                    assertThat(e.getMessage()).startsWith("invalid custom health check for example.com/Widget: ERROR: ")
                            .contains("example.com/Widget:1:")
                            .contains("mismatched input '<EOF>'");
                });
    }

    @Test
    void anUndeclaredVariableIsRejectedWhenTheChecksAreBuilt() {
        assertThatThrownBy(() -> CelHealthChecks.compile(Map.of("example.com/Widget", "object.status.phase")))
                .isInstanceOf(InvalidHealthCheckException.class)
                .hasMessageContaining("example.com/Widget")
                .hasMessageContaining("undeclared reference to 'object'");
    }

    @Test
    void anExpressionThatCannotReturnAHealthIsRejected() {
        assertThatThrownBy(() -> CelHealthChecks.compile(Map.of("example.com/Widget", "obj.status.ready == true")))
                .isInstanceOf(InvalidHealthCheckException.class)
                .hasMessage("invalid custom health check for example.com/Widget: the expression returns bool; it must "
                        + "return a health name (string) or a map {\"status\": ..., \"message\": ...}");
    }

    @Test
    void aKeyThatIsNotGroupSlashKindIsRejected() {
        assertThatThrownBy(() -> CelHealthChecks.compile(Map.of("argoproj.io/v1alpha1/Rollout", "'Healthy'")))
                .isInstanceOf(InvalidHealthCheckException.class)
                .hasMessageContaining("argoproj.io/v1alpha1/Rollout")
                .hasMessageContaining("expected group/Kind (no version)");
        assertThatThrownBy(() -> CelHealthChecks.compile(Map.of("Pod", "'Healthy'", "/Pod", "'Degraded'")))
                .isInstanceOf(InvalidHealthCheckException.class)
                .hasMessageContaining("declared twice");
    }

    @Test
    void chainedOptionalSelectionIsRejectedBecauseThisCelVersionGetsItWrong() {
        assertThatThrownBy(() -> CelHealthChecks.compile(Map.of("example.com/Widget",
                "obj.?status.?phase.orValue('') == 'Ready' ? 'Healthy' : 'Progressing'")))
                .isInstanceOf(InvalidHealthCheckException.class)
                .hasMessageContaining("'.?phase' selects from an optional value")
                .hasMessageContaining("obj[?\"status\"][?\"phase\"]");
    }

    @Test
    void optionalIndexingReadsFieldsThatMayBeAbsent() {
        HealthAssessor assessor = new KubernetesHealthAssessor(CelHealthChecks.compile(Map.of("example.com/Widget",
                "obj[?'status'][?'phase'].orValue('') == 'Ready' ? 'Healthy' : 'Progressing'")));

        ResourceHealth ready = assessor.assess(LiveObjects.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                status: {phase: Ready}
                """));
        ResourceHealth noStatus = assessor.assess(LiveObjects.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """));

        assertThat(ready.health()).isEqualTo(HEALTHY);
        assertThat(noStatus.health()).isEqualTo(PROGRESSING);
    }

    @Test
    void anEvaluationErrorGivesUnknownWithTheError() {
        HealthAssessor assessor = new KubernetesHealthAssessor(CelHealthChecks.compile(Map.of(
                "example.com/Widget", "obj.status.phase")));

        ResourceHealth health = assessor.assess(LiveObjects.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: shop}
                status: {observedGeneration: 1}
                """));

        assertThat(health.health()).isEqualTo(UNKNOWN);
        assertThat(health.message()).startsWith("custom health check for example.com/Widget failed: ")
                .contains("key 'phase' is not present in map");
    }

    @Test
    void aResultThatIsNotAHealthGivesUnknown() {
        HealthAssessor assessor = new KubernetesHealthAssessor(CelHealthChecks.compile(Map.of(
                "example.com/Widget", "obj.status.phase", "example.com/Gadget", "{'message': 'no status here'}")));

        ResourceHealth madeUp = assessor.assess(LiveObjects.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                status: {phase: Running}
                """));
        ResourceHealth noStatus = assessor.assess(LiveObjects.parse("""
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                """));

        assertThat(madeUp.health()).isEqualTo(UNKNOWN);
        assertThat(madeUp.message()).contains("returned 'Running', which is not a health");
        assertThat(noStatus.health()).isEqualTo(UNKNOWN);
        assertThat(noStatus.message()).contains("returned a map without a string \"status\"");
    }

    @Test
    void numbersAndListsOfTheObjectAreUsable() {
        HealthAssessor assessor = new KubernetesHealthAssessor(CelHealthChecks.compile(Map.of("example.com/Cluster", """
                obj.status.readyNodes < obj.spec.nodes
                  ? {"status": "Progressing", "message": string(obj.status.readyNodes) + "/" + string(obj.spec.nodes) + " nodes ready"}
                  : obj.status.conditions.exists(c, c.type == "Degraded" && c.status == "True") ? dyn("Degraded") : dyn("Healthy")
                """)));

        ResourceHealth health = assessor.assess(LiveObjects.parse("""
                apiVersion: example.com/v1
                kind: Cluster
                metadata: {name: c}
                spec: {nodes: 3, version: 1.2.0}
                status:
                  readyNodes: 2
                  load: 0.75
                  conditions: [{type: Degraded, status: "False"}]
                """));

        assertThat(health).isEqualTo(ResourceHealth.of(PROGRESSING, "2/3 nodes ready"));
    }

    @Test
    void noChecksAssessNothing() {
        assertThat(CelHealthChecks.none().isEmpty()).isTrue();
        assertThat(CelHealthChecks.compile(Map.of()).assess(rollout("", "  phase: Healthy"))).isEmpty();
    }
}
