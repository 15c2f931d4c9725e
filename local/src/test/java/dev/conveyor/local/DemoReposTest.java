package dev.conveyor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's Applications for the in-memory API server and for a real cluster (a kubeconfig context). */
class DemoReposTest {

    @TempDir
    Path dir;

    @Test
    void inMemoryApiServer() throws Exception {
        for (JsonNode app : applications(new DemoRepos(dir, "127.0.0.1:5000/acme/payments-api", false, null, false))) {
            assertThat(app.at("/spec/destination/cluster").isMissingNode()).isTrue();
            assertThat(app.at("/spec/syncPolicy/syncOptions")).extracting(JsonNode::asText).containsExactly("CreateNamespace=true");
        }
    }

    @Test
    void aRealClusterByContextWithServerSideApply() throws Exception {
        String context = "arn:aws:eks:eu-west-1:123456789012:cluster/conveyor \"demo\"";
        List<JsonNode> apps = applications(new DemoRepos(dir, "127.0.0.1:5000/acme/payments-api", false, context, true));
        assertThat(apps).hasSize(3);
        for (JsonNode app : apps) {
            assertThat(app.at("/spec/destination/cluster").asText()).isEqualTo(context);
            assertThat(app.at("/spec/destination/namespace").asText()).startsWith("payments-");
            assertThat(app.at("/spec/syncPolicy/syncOptions")).extracting(JsonNode::asText)
                    .containsExactly("CreateNamespace=true", "ServerSideApply=true");
        }
    }

    private static List<JsonNode> applications(DemoRepos repos) throws Exception {
        String yaml = repos.control.readRemote("main", "apps/payments.yaml");
        return new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    }
}
