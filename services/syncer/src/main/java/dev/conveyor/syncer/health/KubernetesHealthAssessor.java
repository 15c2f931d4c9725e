package dev.conveyor.syncer.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.SyncCompleted.Health;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Health of one live object, with Argo CD's semantics and a message saying why. In order:
 * <ol>
 *   <li>no object → Missing;</li>
 *   <li>{@code metadata.deletionTimestamp} set → Progressing ("Pending deletion"), whatever the kind;</li>
 *   <li>a custom {@link CelHealthChecks CEL check} for the object's group/Kind, when one is declared;</li>
 *   <li>the built-in check for the kind: Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob,
 *       PersistentVolumeClaim, Service, Ingress, Namespace, HorizontalPodAutoscaler (see the package documentation);</li>
 *   <li>any other kind: its status conventions ({@link ConditionsHealth}: observedGeneration, Stalled, Reconciling,
 *       Ready / Available);</li>
 *   <li>nothing to go by (ConfigMap, Secret, ServiceAccount, RBAC, CRDs without such conditions...) → Healthy: it
 *       exists, and that is all it has to do.</li>
 * </ol>
 * Pure: reads only the object it is given. Thread-safe.
 */
public final class KubernetesHealthAssessor implements HealthAssessor {

    private static final Map<GroupKind, Function<LiveObject, ResourceHealth>> BUILT_IN = Map.ofEntries(
            Map.entry(new GroupKind("apps", "Deployment"), WorkloadHealth::deployment),
            Map.entry(new GroupKind("extensions", "Deployment"), WorkloadHealth::deployment),
            Map.entry(new GroupKind("apps", "StatefulSet"), WorkloadHealth::statefulSet),
            Map.entry(new GroupKind("apps", "DaemonSet"), WorkloadHealth::daemonSet),
            Map.entry(new GroupKind("extensions", "DaemonSet"), WorkloadHealth::daemonSet),
            Map.entry(new GroupKind("apps", "ReplicaSet"), WorkloadHealth::replicaSet),
            Map.entry(new GroupKind("extensions", "ReplicaSet"), WorkloadHealth::replicaSet),
            Map.entry(new GroupKind("", "Pod"), PodHealth::pod),
            Map.entry(new GroupKind("batch", "Job"), BatchHealth::job),
            Map.entry(new GroupKind("batch", "CronJob"), BatchHealth::cronJob),
            Map.entry(new GroupKind("", "PersistentVolumeClaim"), CoreHealth::persistentVolumeClaim),
            Map.entry(new GroupKind("", "Service"), CoreHealth::service),
            Map.entry(new GroupKind("networking.k8s.io", "Ingress"), CoreHealth::ingress),
            Map.entry(new GroupKind("extensions", "Ingress"), CoreHealth::ingress),
            Map.entry(new GroupKind("", "Namespace"), CoreHealth::namespace),
            Map.entry(new GroupKind("autoscaling", "HorizontalPodAutoscaler"), AutoscalerHealth::horizontalPodAutoscaler));

    private final CelHealthChecks customChecks;

    /** Built-in checks only. */
    public KubernetesHealthAssessor() {
        this(CelHealthChecks.none());
    }

    /** @param customChecks checks that replace the built-in one for their kinds */
    public KubernetesHealthAssessor(CelHealthChecks customChecks) {
        this.customChecks = Objects.requireNonNull(customChecks, "customChecks");
    }

    @Override
    public ResourceHealth assess(GenericKubernetesResource live) {
        if (live == null) {
            return ResourceHealth.of(Health.MISSING, "Resource does not exist");
        }
        LiveObject object = LiveObject.of(live);
        if (object.has("/metadata/deletionTimestamp")) {
            JsonNode finalizers = object.at("/metadata/finalizers");
            return ResourceHealth.of(Health.PROGRESSING, "Pending deletion (since " + object.text("/metadata/deletionTimestamp")
                    + (finalizers.size() > 0 ? "; finalizers: " + finalizers : "") + ")");
        }
        return customChecks.assess(object).orElseGet(() -> builtIn(object));
    }

    private static ResourceHealth builtIn(LiveObject object) {
        try {
            Function<LiveObject, ResourceHealth> check = BUILT_IN.get(object.groupKind());
            if (check != null) {
                return check.apply(object);
            }
            return ConditionsHealth.assess(object).orElseGet(() -> ResourceHealth.of(Health.HEALTHY,
                    object.groupKind() + " has no health status; it exists"));
        } catch (RuntimeException e) {
            // The checks read leniently; this guards against a status shaped in a way nobody foresaw.
            return ResourceHealth.of(Health.UNKNOWN, "Cannot assess " + object.groupKind() + " " + object.displayName()
                    + ": " + e);
        }
    }
}
