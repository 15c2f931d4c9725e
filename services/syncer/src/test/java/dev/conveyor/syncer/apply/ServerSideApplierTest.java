package dev.conveyor.syncer.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import static dev.conveyor.syncer.apply.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * fabric8's in-memory API server cannot serve server-side apply (the only stand-in we have, see {@link MockCluster}),
 * so this checks what is sent, in expectations mode: the request a real API server would receive.
 */
class ServerSideApplierTest {

    private final MockCluster cluster = MockCluster.expectations();

    @AfterEach
    void close() {
        cluster.close();
    }

    private GenericKubernetesResource web() {
        GenericKubernetesResource web = deployment("web", "web:2");
        web.getMetadata().setNamespace("shop");
        web.getMetadata().setResourceVersion("41"); // as if read from the server: must not be sent
        return web;
    }

    @Test
    void sendsAnApplyPatchWithTheFieldManagerAndForce() {
        cluster.server.expect().patch().withPath("/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=conveyor&force=true")
                .andReturn(200, web()).once();

        GenericKubernetesResource result = new ServerSideApplier(cluster.client, true).apply(web(), null);

        assertThat(result.getMetadata().getName()).isEqualTo("web");
        List<RecordedRequest> requests = cluster.recorded();
        assertThat(requests).hasSize(1);
        RecordedRequest request = requests.get(0);
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        URI uri = URI.create(request.getPath());
        assertThat(uri.getPath()).isEqualTo("/apis/apps/v1/namespaces/shop/deployments/web");
        assertThat(Arrays.asList(uri.getQuery().split("&"))).containsExactlyInAnyOrder("fieldManager=conveyor", "force=true");
        ObjectNode body = Trees.parseObject(request.getUtf8Body());
        assertThat(body.at("/kind").asText()).isEqualTo("Deployment");
        assertThat(body.at("/metadata/name").asText()).isEqualTo("web");
        assertThat(body.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("web:2");
        assertThat(body.at("/metadata/resourceVersion").isMissingNode()).isTrue();
        assertThat(body.at("/metadata/annotations").has(Applier.LAST_APPLIED_ANNOTATION)).isTrue();
    }

    @Test
    void withoutForceOnlyTheFieldManagerIsSent() {
        cluster.server.expect().patch().withPath("/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=conveyor")
                .andReturn(200, web()).once();

        new ServerSideApplier(cluster.client, false).apply(web(), null);

        RecordedRequest request = cluster.recorded().get(0);
        assertThat(URI.create(request.getPath()).getQuery()).isEqualTo("fieldManager=conveyor");
        assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    }
}
