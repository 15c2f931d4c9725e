package dev.conveyor.syncer.it;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * THE STAND-IN: fabric8's in-memory Kubernetes API server (mock server in CRUD mode) on 127.0.0.1. It is the only
 * part of these tests that is not the real thing, because no real kube-apiserver can run here. It stores objects,
 * serves lists, label selectors, watches and resourceVersion conflicts; it runs no controllers, so tests set status
 * fields themselves as a controller would, and it cannot serve server-side apply (the syncer uses its client-side
 * three-way apply against it; the SSA requests are checked separately by what is sent).
 */
public class InMemoryKubernetesApi implements QuarkusTestResourceLifecycleManager {

    private static KubernetesMockServer server;
    private static NamespacedKubernetesClient client;

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(List.of()), false);
            try {
                server.init(InetAddress.getByName("127.0.0.1"), 0);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            client = server.createClient();
        }
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", client.getConfiguration().getMasterUrl(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", "default");
    }

    /** A client of the in-memory API server, for tests to look at and change cluster state as a controller would. */
    public static NamespacedKubernetesClient client() {
        return client;
    }

    @Override
    public void stop() {
        // Shared by every test class in this JVM.
    }
}
