package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;

import java.util.Objects;

/**
 * Kubernetes server-side apply: {@code PATCH} with {@code Content-Type: application/apply-patch+yaml}, field manager
 * {@value #FIELD_MANAGER}, and {@code force=true} when conflicts with other managers are to be overridden. The API
 * server does the merge and removes the fields this manager stopped applying. The request also carries the
 * {@value Applier#LAST_APPLIED_ANNOTATION} annotation so that {@link DiffEngine} notices removed fields before
 * deciding whether to apply at all.
 *
 * <p>fabric8's in-memory API server cannot serve this request; tests check the request itself.
 */
public final class ServerSideApplier implements Applier {

    public static final String FIELD_MANAGER = "conveyor";

    private final KubernetesClient client;
    private final boolean forceConflicts;

    /** @param forceConflicts take over fields another manager owns (Argo CD does) instead of failing with 409 */
    public ServerSideApplier(KubernetesClient client, boolean forceConflicts) {
        this.client = Objects.requireNonNull(client, "client");
        this.forceConflicts = forceConflicts;
    }

    @Override
    public GenericKubernetesResource apply(GenericKubernetesResource desired, GenericKubernetesResource live) {
        ObjectNode applied = DiffEngine.normalise(Trees.toTree(desired));
        Trees.putAnnotation(applied, LAST_APPLIED_ANNOTATION, Trees.toJson(applied));
        ServerSideApplicable<GenericKubernetesResource> request =
                client.resource(Trees.toResource(applied)).fieldManager(FIELD_MANAGER);
        if (forceConflicts) {
            request = request.forceConflicts();
        }
        return request.serverSideApply();
    }
}
