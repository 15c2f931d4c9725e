package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the syncer marks the objects it applies, and how it recognises them again.
 *
 * <ul>
 *   <li>label {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY}</li>
 *   <li>label {@value #APPLICATION_LABEL}=&lt;application&gt; — only to find candidates by label selector</li>
 *   <li>annotation {@value #TRACKING_ID_ANNOTATION}={@code <app>:<group>/<kind>:<namespace>/<name>} — the proof.</li>
 * </ul>
 *
 * An object is tracked by application X only if its tracking-id annotation is exactly the id X would give that very
 * object (same group, kind, namespace and name). A copied label, or an annotation copied into another object or
 * written by another application, is not enough; only tracked objects are ever pruned.
 */
public final class Tracking {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "conveyor";
    public static final String APPLICATION_LABEL = "conveyor.dev/application";
    public static final String TRACKING_ID_ANNOTATION = "conveyor.dev/tracking-id";

    private Tracking() {
    }

    /** {@code <app>:<group>/<kind>:<namespace>/<name>}; group and namespace are "" for core and cluster-scoped. */
    public static String trackingId(String application, ResourceKey key) {
        return application + ":" + key.group() + "/" + key.kind() + ":" + key.namespace() + "/" + key.name();
    }

    /** A copy of {@code object} carrying the application's labels and tracking id (computed from its own key). */
    public static GenericKubernetesResource track(GenericKubernetesResource object, String application) {
        GenericKubernetesResource tracked = Trees.copy(object);
        ObjectMeta metadata = tracked.getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(metadata.getLabels() == null ? Map.of() : metadata.getLabels());
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(APPLICATION_LABEL, application);
        metadata.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>(
                metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
        annotations.put(TRACKING_ID_ANNOTATION, trackingId(application, ResourceKey.of(tracked)));
        metadata.setAnnotations(annotations);
        return tracked;
    }

    /** Whether {@code live}'s tracking id is exactly the one {@code application} gives it. */
    public static boolean isTrackedBy(HasMetadata live, String application) {
        if (live == null || live.getMetadata() == null || live.getMetadata().getAnnotations() == null) {
            return false;
        }
        String id = live.getMetadata().getAnnotations().get(TRACKING_ID_ANNOTATION);
        return id != null && id.equals(trackingId(application, ResourceKey.of(live)));
    }
}
