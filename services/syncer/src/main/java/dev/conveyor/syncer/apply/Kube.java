package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The few reads and deletes the sync needs, over fabric8's generic resources, so that core kinds and custom resources
 * go through one path. Kinds fabric8's model does not know are looked up in the API server's discovery first: a kind
 * the cluster does not serve reads as "missing" instead of failing (its CRD may be part of this very sync).
 */
final class Kube {

    private static final KubernetesSerialization MODEL = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Set<String> served = new HashSet<>();

    Kube(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    KubernetesClient client() {
        return client;
    }

    /** Whether the API server serves this apiVersion and kind (built-in kinds are assumed served). */
    boolean serves(String apiVersion, String kind) {
        if (MODEL.getRegisteredKubernetesResource(apiVersion, kind) != null || served.contains(apiVersion + "/" + kind)) {
            return true;
        }
        APIResourceList resources = client.getApiResources(apiVersion);
        boolean found = resources != null && resources.getResources() != null
                && resources.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
        if (found) {
            served.add(apiVersion + "/" + kind); // only positive answers are remembered: a CRD may appear any time
        }
        return found;
    }

    /** A custom kind's scope from the API server's discovery; UNKNOWN when it does not serve the kind (yet). */
    Scopes.Scope discoveredScope(String apiVersion, String kind) {
        APIResourceList resources = client.getApiResources(apiVersion);
        if (resources == null || resources.getResources() == null) {
            return Scopes.Scope.UNKNOWN;
        }
        return resources.getResources().stream()
                .filter(r -> kind.equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"))
                .findFirst()
                .map(r -> Boolean.TRUE.equals(r.getNamespaced()) ? Scopes.Scope.NAMESPACED : Scopes.Scope.CLUSTER)
                .orElse(Scopes.Scope.UNKNOWN);
    }

    /** The live object, or null when it (or its kind) does not exist. */
    GenericKubernetesResource get(ResourceKey key) {
        if (!serves(key.apiVersion(), key.kind())) {
            return null;
        }
        return resource(key).get();
    }

    /** Live objects of one kind, in every namespace, carrying {@code label=value}; empty when the kind is not served. */
    List<GenericKubernetesResource> listByLabel(String apiVersion, String kind, String label, String value) {
        if (!serves(apiVersion, kind)) {
            return List.of();
        }
        try {
            GenericKubernetesResourceList list = client.genericKubernetesResources(apiVersion, kind).inAnyNamespace()
                    .withLabel(label, value).list();
            return list == null || list.getItems() == null ? List.of() : list.getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** Deletes the object; true when it was there. */
    boolean delete(ResourceKey key) {
        if (!serves(key.apiVersion(), key.kind())) {
            return false;
        }
        return !resource(key).delete().isEmpty();
    }

    private Resource<GenericKubernetesResource> resource(ResourceKey key) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> kind =
                client.genericKubernetesResources(key.apiVersion(), key.kind());
        return key.clusterScoped() ? kind.withName(key.name()) : kind.inNamespace(key.namespace()).withName(key.name());
    }

    /** What the API server said, short: {@code 422 Invalid: ConfigMap "x" is invalid: data: ...}. */
    static String describe(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            String reason = status.getReason() == null || status.getReason().isBlank() ? "" : " " + status.getReason();
            return (e.getCode() > 0 ? e.getCode() + reason + ": " : "") + status.getMessage();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        return (e.getCode() > 0 ? e.getCode() + ": " : "") + message
                + (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())
                ? " (" + cause.getMessage() + ")" : "");
    }

    /**
     * Whether trying the same sync again later may succeed without anyone changing anything: no HTTP answer at all
     * (connection, timeout), 409 Conflict, 429 Too Many Requests, 5xx. 4xx answers (invalid object, forbidden, not
     * found) need a change in Git or in the cluster first.
     */
    static boolean retryable(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 || code == 409 || code == 429 || code >= 500;
    }
}
