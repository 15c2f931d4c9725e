package dev.conveyor.syncer.adapter;

import dev.conveyor.syncer.SyncerConfig;
import dev.conveyor.syncer.app.Application;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Kubernetes client per destination cluster name. {@code in-cluster} is the client Quarkus configures (in a pod:
 * the pod's service account; elsewhere: the current kubeconfig context, or {@code quarkus.kubernetes-client.*}); any
 * other name is a context of the configured kubeconfig file.
 */
@ApplicationScoped
public class ClusterClients {

    private final KubernetesClient inCluster;
    private final SyncerConfig config;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public ClusterClients(KubernetesClient inCluster, SyncerConfig config) {
        this.inCluster = inCluster;
        this.config = config;
    }

    public KubernetesClient forCluster(String name) {
        if (name == null || name.equals(Application.Destination.IN_CLUSTER)) {
            return inCluster;
        }
        return clients.computeIfAbsent(name, this::fromKubeconfig);
    }

    private KubernetesClient fromKubeconfig(String context) {
        String kubeconfig = config.clusters().kubeconfig()
                .orElseThrow(() -> new IllegalArgumentException("destination cluster '" + context
                        + "' needs conveyor.syncer.clusters.kubeconfig with a context of that name"));
        if (!Files.isReadable(Path.of(kubeconfig))) {
            throw new IllegalArgumentException("cannot read kubeconfig " + kubeconfig);
        }
        Config c = Config.fromKubeconfig(context, Path.of(kubeconfig).toFile());
        return new KubernetesClientBuilder().withConfig(c).build();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(KubernetesClient::close);
    }
}
