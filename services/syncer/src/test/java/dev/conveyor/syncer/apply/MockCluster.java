package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's in-memory API server (kubernetes-server-mock 7.6.1) — the only stand-in for a cluster in these tests.
 * CRUD mode stores what it is sent (create/get/list/update/delete, label selectors, resourceVersion conflicts); it does
 * not serve server-side apply or strategic merge patch, so {@link ServerSideApplier} is tested in expectations mode by
 * the requests it sends. Every request is recorded, so tests can assert what was (not) written.
 */
final class MockCluster implements AutoCloseable {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    final KubernetesMockServer server;
    final KubernetesClient client;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        server.init();
        // no client-side retries of 5xx answers: tests see the first answer at once
        this.client = server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    /** An in-memory API server that stores objects. */
    static MockCluster crud() {
        return new MockCluster(new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false));
    }

    /** An API server that answers only what the test expects ({@code server.expect()...}); anything else is 404. */
    static MockCluster expectations() {
        return new MockCluster(new KubernetesMockServer(false));
    }

    /** Requests received since the last call, in order ("METHOD path"). */
    List<String> requests() {
        List<String> requests = new ArrayList<>();
        for (RecordedRequest r : recorded()) {
            requests.add(r.getMethod() + " " + r.getPath());
        }
        return requests;
    }

    /** Write requests (POST, PUT, PATCH, DELETE) received since the last call to any request method, in order. */
    List<String> writes() {
        return requests().stream().filter(r -> WRITES.contains(r.substring(0, r.indexOf(' ')))).toList();
    }

    /** The requests themselves, since the last call. */
    List<RecordedRequest> recorded() {
        List<RecordedRequest> requests = new ArrayList<>();
        try {
            RecordedRequest r;
            while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                requests.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests;
    }

    GenericKubernetesResource get(String apiVersion, String kind, String namespace, String name) {
        var op = client.genericKubernetesResources(apiVersion, kind);
        return namespace == null ? op.withName(name).get() : op.inNamespace(namespace).withName(name).get();
    }

    GenericKubernetesResource create(GenericKubernetesResource object) {
        return client.resource(object).create();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
