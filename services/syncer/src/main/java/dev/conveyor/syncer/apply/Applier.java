package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Writes one desired object to the cluster: the one port between the sync logic and how a cluster is written to. Two
 * adapters: {@link ServerSideApplier} (real clusters, {@code ServerSideApply=true}) and {@link ClientSideApplier} (a
 * three-way apply over plain create/update, which fabric8's in-memory API server can serve too).
 *
 * <p>Both record the applied configuration in the {@value #LAST_APPLIED_ANNOTATION} annotation, which
 * {@link DiffEngine} reads to notice fields removed from desired.
 */
public interface Applier {

    /** The applied configuration (JSON), as the syncer sent it last time. */
    String LAST_APPLIED_ANNOTATION = "conveyor.dev/last-applied";

    /**
     * Creates or updates the object so that the live object carries everything {@code desired} declares.
     *
     * @param desired the object to apply, namespace and tracking set
     * @param live    the object as last read (a hint; null when it did not exist)
     * @return the object as the API server stored it
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses (the caller turns it
     *                                                                 into a FAILED change naming the object)
     */
    GenericKubernetesResource apply(GenericKubernetesResource desired, GenericKubernetesResource live);
}
