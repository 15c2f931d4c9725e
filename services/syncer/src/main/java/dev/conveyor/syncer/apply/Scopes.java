package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.Set;

/**
 * Decides each desired object's namespace. The rule, first match wins:
 * <ol>
 *   <li>A cluster-scoped kind gets no namespace, even if the manifest sets one (Kubernetes ignores it too). Known
 *       cluster-scoped: {@link #CLUSTER_SCOPED}, any built-in kind fabric8's model knows as cluster-scoped (Node,
 *       IngressClass...), and custom kinds whose scope is known to be Cluster (the caller finds out from a
 *       CustomResourceDefinition in the same sync, or from the API server's discovery).</li>
 *   <li>The object's own namespace.</li>
 *   <li>The application's destination namespace.</li>
 *   <li>A kind known to be namespaced (built-in, or custom with a known Namespaced scope): the client's namespace, or
 *       {@code default} (what {@code kubectl apply} does).</li>
 *   <li>Anything else (a custom kind nobody can tell us about) with no namespace anywhere: left cluster-scoped.</li>
 * </ol>
 */
public final class Scopes {

    /** What is known about a kind's scope. */
    public enum Scope { NAMESPACED, CLUSTER, UNKNOWN }

    /** group/kind of the cluster-scoped kinds the syncer always knows. */
    public static final Set<String> CLUSTER_SCOPED = Set.of(
            "/Namespace",
            "rbac.authorization.k8s.io/ClusterRole",
            "rbac.authorization.k8s.io/ClusterRoleBinding",
            "apiextensions.k8s.io/CustomResourceDefinition",
            "/PersistentVolume",
            "storage.k8s.io/StorageClass",
            "scheduling.k8s.io/PriorityClass",
            "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
            "apiregistration.k8s.io/APIService");

    private static final KubernetesSerialization MODEL = new KubernetesSerialization();

    private Scopes() {
    }

    /** The scope of a built-in kind ({@link #CLUSTER_SCOPED} or fabric8's model); UNKNOWN for custom kinds. */
    public static Scope builtInScope(String apiVersion, String kind) {
        if (CLUSTER_SCOPED.contains(ResourceKey.groupOf(apiVersion) + "/" + kind)) {
            return Scope.CLUSTER;
        }
        Class<? extends KubernetesResource> type = apiVersion == null || kind == null ? null
                : MODEL.getRegisteredKubernetesResource(apiVersion, kind);
        if (type == null) {
            return Scope.UNKNOWN;
        }
        return Namespaced.class.isAssignableFrom(type) ? Scope.NAMESPACED : Scope.CLUSTER;
    }

    /**
     * @param scope                what is known about the object's kind (see {@link #builtInScope})
     * @param destinationNamespace the application's destination namespace (null or blank: none)
     * @param clientNamespace      the client's configured namespace (null: {@code default})
     * @return a copy with the namespace settled by the rule above
     */
    public static GenericKubernetesResource settleNamespace(GenericKubernetesResource object, Scope scope,
                                                            String destinationNamespace, String clientNamespace) {
        GenericKubernetesResource settled = Trees.copy(object);
        String own = settled.getMetadata().getNamespace();
        String namespace;
        if (scope == Scope.CLUSTER) {
            namespace = null;
        } else if (own != null && !own.isBlank()) {
            namespace = own;
        } else if (destinationNamespace != null && !destinationNamespace.isBlank()) {
            namespace = destinationNamespace;
        } else if (scope == Scope.NAMESPACED) {
            namespace = clientNamespace == null || clientNamespace.isBlank() ? "default" : clientNamespace;
        } else {
            namespace = null;
        }
        settled.getMetadata().setNamespace(namespace);
        return settled;
    }
}
