package dev.conveyor.syncer.it;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A second destination cluster for multi-cluster tests: another in-memory API server (the same stand-in as
 * {@link InMemoryKubernetesApi}), reachable through a kubeconfig file whose context is named {@code staging}.
 */
public class StagingCluster implements QuarkusTestResourceLifecycleManager {

    private static KubernetesMockServer server;
    private static NamespacedKubernetesClient client;
    private static Path kubeconfig;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(List.of()), false);
            try {
                server.init(InetAddress.getByName("127.0.0.1"), 0);
                client = server.createClient();
                kubeconfig = Files.createTempFile("conveyor-kubeconfig", ".yaml");
                Files.writeString(kubeconfig, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                          - name: staging
                            cluster: {server: "%s", insecure-skip-tls-verify: true}
                        users:
                          - name: staging
                            user: {token: not-a-real-token}
                        contexts:
                          - name: staging
                            context: {cluster: staging, user: staging, namespace: default}
                        current-context: staging
                        """.formatted(client.getConfiguration().getMasterUrl()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return Map.of("conveyor.syncer.clusters.kubeconfig", kubeconfig.toString());
    }

    public static NamespacedKubernetesClient client() {
        return client;
    }

    @Override
    public void stop() {
        // Shared for the JVM.
    }
}
