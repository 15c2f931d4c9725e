package dev.conveyor.testing.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Part of the stand-in for tests and the local stack: the in-memory API server runs no controllers, so this plays the
 * Deployment controller. When a Deployment's spec generation moves, it reports the rollout as complete
 * (observedGeneration, updated/ready/available replicas, Available=True), as kube-controller-manager would once pods
 * are up. Deployments named in {@link #hold} are left
 * alone so a test can set their status itself (a rollout that never finishes).
 */
public final class RolloutSimulator implements AutoCloseable {

    private final KubernetesClient client;
    private final SharedIndexInformer<Deployment> informer;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public RolloutSimulator(KubernetesClient client) {
        this.client = client;
        this.informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            public void onAdd(Deployment d) {
                reconcile(d);
            }

            public void onUpdate(Deployment oldD, Deployment d) {
                reconcile(d);
            }

            public void onDelete(Deployment d, boolean unknown) {
            }
        }, 0);
    }

    /** Stops reporting rollouts of this Deployment ({@code namespace/name}). */
    public void hold(String namespace, String name) {
        held.add(namespace + "/" + name);
    }

    private void reconcile(Deployment d) {
        if (held.contains(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName())) return;
        Long generation = d.getMetadata().getGeneration() == null ? 1L : d.getMetadata().getGeneration();
        DeploymentStatus s = d.getStatus();
        if (s != null && Objects.equals(s.getObservedGeneration(), generation)) return;
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentCondition available = new DeploymentConditionBuilder().withType("Available").withStatus("True")
                .withReason("MinimumReplicasAvailable").build();
        DeploymentCondition progressing = new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                .withReason("NewReplicaSetAvailable").build();
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withConditions(List.of(available, progressing)).build());
        try {
            client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).updateStatus();
        } catch (RuntimeException conflict) {
            // A newer version arrived meanwhile; its own event reconciles it.
        }
    }

    @Override
    public void close() {
        informer.stop();
    }
}
