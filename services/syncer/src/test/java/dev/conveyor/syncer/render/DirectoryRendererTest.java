package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.render.Renderer.RenderException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.conveyor.syncer.render.RenderFixtures.SHA;
import static dev.conveyor.syncer.render.RenderFixtures.app;
import static dev.conveyor.syncer.render.RenderFixtures.find;
import static dev.conveyor.syncer.render.RenderFixtures.firstContainer;
import static dev.conveyor.syncer.render.RenderFixtures.kindsAndNames;
import static dev.conveyor.syncer.render.RenderFixtures.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryRendererTest {

    private final DirectoryRenderer renderer = new DirectoryRenderer();

    @Test
    void rendersEveryManifestInPathOrderFlatteningListsAndSkippingHiddenAndOtherFiles() throws Exception {
        List<GenericKubernetesResource> objects = renderer.render(app("plain"), repo(), SHA);

        assertThat(kindsAndNames(objects)).containsExactly(
                "ConfigMap/guestbook-settings",        // app/configmap.json
                "Deployment/guestbook-ui",             // app/deployment.yaml, document 1
                "Service/guestbook-ui",                // app/deployment.yaml, after an empty document
                "ServiceAccount/guestbook",            // config/list.yaml (kind: List)
                "Role/guestbook-reader",
                "RoleBinding/guestbook-reader",        // config/more/rolebinding-list.json (a JSON List)
                "Namespace/guestbook");                // namespace.yaml
    }

    @Test
    void keepsFieldsAsDeclaredWithTheirTypes() throws Exception {
        List<GenericKubernetesResource> objects = renderer.render(app("plain"), repo(), SHA);

        GenericKubernetesResource deployment = find(objects, "Deployment", "guestbook-ui");
        assertThat(deployment.getApiVersion()).isEqualTo("apps/v1");
        assertThat(deployment.getMetadata().getNamespace()).isNull();
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "guestbook-ui")
                .containsEntry("app.kubernetes.io/part-of", "guestbook");
        assertThat((Object) deployment.get("spec", "replicas")).isEqualTo(2);
        Map<String, Object> container = firstContainer(deployment);
        assertThat(container).containsEntry("image", "gcr.io/heptio-images/ks-guestbook-demo:0.2");
        assertThat((Object) deployment.get("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"))
                .isEqualTo(80);
        // quoted scalars stay strings
        assertThat((Object) deployment.get("spec", "template", "spec", "containers", 0, "env", 1, "value"))
                .isEqualTo("false");

        GenericKubernetesResource configMap = find(objects, "ConfigMap", "guestbook-settings");
        assertThat((Object) configMap.get("data", "PAGE_SIZE")).isEqualTo("20");
        assertThat((Object) configMap.get("data", "REDIS_HOST")).isEqualTo("redis-master");

        GenericKubernetesResource role = find(objects, "Role", "guestbook-reader");
        assertThat((Object) role.get("rules", 0, "verbs")).isEqualTo(List.of("get", "list", "watch"));
        GenericKubernetesResource binding = find(objects, "RoleBinding", "guestbook-reader");
        assertThat((Object) binding.get("roleRef", "name")).isEqualTo("guestbook-reader");
    }

    @Test
    void withoutRecurseReadsOnlyTheTopLevel() throws Exception {
        Application app = app("guestbook", "plain", null, null, null, new Application.Directory(false));

        assertThat(kindsAndNames(renderer.render(app, repo(), SHA))).containsExactly("Namespace/guestbook");
    }

    @Test
    void badYamlNamesTheFileTheDocumentAndTheLine() {
        assertThatThrownBy(() -> renderer.render(app("bad"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("bad/worker.yaml: document 2 (line 8): invalid YAML")
                .hasMessageEndingWith("at line 14, column 4");
    }

    @Test
    void aDocumentWithoutKindIsAnErrorNamingFileDocumentAndObject() {
        assertThatThrownBy(() -> renderer.render(app("nokind"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("nokind/configmap.yaml: document 2 (line 6): not a Kubernetes object: missing kind"
                        + " (metadata.name second)");
    }

    @Test
    void badJsonNamesTheFileAndTheLine() {
        assertThatThrownBy(() -> renderer.render(app("badjson"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("badjson/deployment.json: document 1: invalid syntax")
                .hasMessageContaining("line 4");
    }

    @Test
    void anEmptyDirectoryRendersNothing(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("empty"));
        Files.writeString(checkout.resolve("empty/notes.txt"), "nothing to deploy yet");

        assertThat(renderer.render(app("empty"), checkout, SHA)).isEmpty();
    }

    @Test
    void readsLinkedFilesInsideTheRepositoryButNotLinkedDirectories(@TempDir Path checkout) throws Exception {
        Path shared = Files.createDirectories(checkout.resolve("shared"));
        Files.writeString(shared.resolve("quota.yaml"), """
                apiVersion: v1
                kind: ResourceQuota
                metadata:
                  name: team-quota
                spec:
                  hard:
                    pods: "20"
                """);
        Path app = Files.createDirectories(checkout.resolve("apps/team"));
        Files.createSymbolicLink(app.resolve("quota.yaml"), Path.of("../../shared/quota.yaml"));
        Files.createSymbolicLink(app.resolve("shared-dir"), Path.of("../../shared"));

        List<GenericKubernetesResource> objects = renderer.render(app("apps/team"), checkout, SHA);

        assertThat(kindsAndNames(objects)).containsExactly("ResourceQuota/team-quota");
        assertThat((Object) objects.get(0).get("spec", "hard", "pods")).isEqualTo("20");
    }
}
