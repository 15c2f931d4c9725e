package dev.conveyor.local;

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

/**
 * Part of the stand-in: the in-memory API server runs no controllers, so this reports each Deployment's rollout as
 * complete once its spec changes (observedGeneration, ready/available replicas, Available=True), as
 * kube-controller-manager would once the pods are up. Without it nothing would ever become Healthy.
 */
final class RolloutSimulator implements AutoCloseable {

    private final KubernetesClient client;
    private final SharedIndexInformer<Deployment> informer;

    RolloutSimulator(KubernetesClient client) {
        this.client = client;
        this.informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            public void onAdd(Deployment d) {
                complete(d);
            }

            public void onUpdate(Deployment before, Deployment d) {
                complete(d);
            }

            public void onDelete(Deployment d, boolean unknown) {
            }
        }, 0);
    }

    private void complete(Deployment d) {
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
            // a newer version arrived meanwhile; its own event completes it
        }
    }

    @Override
    public void close() {
        informer.stop();
    }
}
