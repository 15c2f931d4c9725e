package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The order objects are applied in: by sync wave (annotation {@value #SYNC_WAVE_ANNOTATION}, an int, default 0,
 * negatives first), then by kind ({@link #KIND_ORDER}; kinds not listed, custom resources among them, come last), then
 * by key. Pruning uses the reverse.
 */
public final class SyncOrder {

    public static final String SYNC_WAVE_ANNOTATION = "conveyor.dev/sync-wave";

    /**
     * Kinds in apply order: namespaces and CRDs first, then what pods consume (service accounts, secrets, config maps,
     * storage), RBAC, services, workloads, ingresses. Anything else goes after.
     */
    public static final List<String> KIND_ORDER = List.of(
            "Namespace", "CustomResourceDefinition",
            "ResourceQuota", "LimitRange", "NetworkPolicy", "PodDisruptionBudget",
            "ServiceAccount", "Secret", "ConfigMap",
            "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
            "Service",
            "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "StatefulSet", "Job", "CronJob",
            "HorizontalPodAutoscaler",
            "IngressClass", "Ingress");

    private static final Map<String, Integer> KIND_RANK = IntStream.range(0, KIND_ORDER.size()).boxed()
            .collect(Collectors.toMap(KIND_ORDER::get, Function.identity()));

    /** Wave, kind, key. Throws IllegalArgumentException for a malformed wave annotation. */
    public static final Comparator<HasMetadata> APPLY_ORDER = order(SyncOrder::wave);

    /**
     * The reverse of {@link #APPLY_ORDER}: highest wave first, then workloads before what they use. For live objects:
     * a malformed wave annotation counts as wave 0.
     */
    public static final Comparator<HasMetadata> PRUNE_ORDER = order(SyncOrder::waveOrZero).reversed();

    private SyncOrder() {
    }

    /**
     * @return the object's sync wave (0 when not annotated)
     * @throws IllegalArgumentException when the annotation is not an integer
     */
    public static int wave(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(SYNC_WAVE_ANNOTATION);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ResourceKey.of(object) + ": annotation " + SYNC_WAVE_ANNOTATION
                    + " must be an integer, not '" + value + "'");
        }
    }

    /** {@link #wave} for live objects: a malformed annotation counts as 0. */
    public static int waveOrZero(HasMetadata object) {
        try {
            return wave(object);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static Comparator<HasMetadata> order(ToIntFunction<HasMetadata> wave) {
        return Comparator.comparingInt(wave).thenComparingInt(o -> kindRank(o.getKind())).thenComparing(ResourceKey::of);
    }

    /** Position in {@link #KIND_ORDER}; unknown kinds after all known ones. */
    public static int kindRank(String kind) {
        return KIND_RANK.getOrDefault(kind, KIND_ORDER.size());
    }

    /** Groups objects into waves, ascending; each wave in {@link #APPLY_ORDER}. */
    public static <T extends HasMetadata> SortedMap<Integer, List<T>> waves(Collection<T> objects) {
        SortedMap<Integer, List<T>> waves = new TreeMap<>();
        objects.stream().sorted(APPLY_ORDER)
                .forEach(o -> waves.computeIfAbsent(wave(o), w -> new ArrayList<>()).add(o));
        return waves;
    }
}
