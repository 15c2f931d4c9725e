package dev.conveyor.syncer.render;

import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.app.Application.SourceType;
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
import static dev.conveyor.syncer.render.RenderFixtures.copyTree;
import static dev.conveyor.syncer.render.RenderFixtures.find;
import static dev.conveyor.syncer.render.RenderFixtures.firstContainer;
import static dev.conveyor.syncer.render.RenderFixtures.kindsAndNames;
import static dev.conveyor.syncer.render.RenderFixtures.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceRendererTest {

    private final SourceRenderer renderer = new SourceRenderer();

    @Test
    void detectsKustomizeHelmAndPlainDirectories(@TempDir Path tmp) throws Exception {
        assertThat(SourceRenderer.detect(repo().resolve("kustomize/overlays/dev"))).isEqualTo(SourceType.KUSTOMIZE);
        assertThat(SourceRenderer.detect(repo().resolve("helm/web"))).isEqualTo(SourceType.HELM);
        assertThat(SourceRenderer.detect(repo().resolve("plain"))).isEqualTo(SourceType.DIRECTORY);
        // a plain directory whose subdirectory is a chart stays a plain directory
        assertThat(SourceRenderer.detect(repo().resolve("helm"))).isEqualTo(SourceType.DIRECTORY);

        Files.writeString(tmp.resolve("Kustomization"), "resources: []\n");
        Files.writeString(tmp.resolve("Chart.yaml"), "apiVersion: v2\nname: x\nversion: 0.1.0\n");
        assertThat(SourceRenderer.detect(tmp)).isEqualTo(SourceType.KUSTOMIZE);
    }

    @Test
    void rendersADetectedKustomization() throws Exception {
        List<GenericKubernetesResource> objects = renderer.render(app("kustomize/overlays/dev"), repo(), SHA);

        assertThat(firstContainer(find(objects, "Deployment", "dev-podinfo")))
                .containsEntry("image", "ghcr.io/stefanprodan/podinfo:6.7.1");
    }

    @Test
    void rendersADetectedChartWithItsOptions() throws Exception {
        Application app = app("shop", "helm/web", null, "shop-staging",
                new Application.Helm(null, List.of("values-staging.yaml"), null, Map.of("replicaCount", "4")), null);

        List<GenericKubernetesResource> objects = renderer.render(app, repo(), SHA);

        GenericKubernetesResource deployment = find(objects, "Deployment", "shop-web");
        assertThat((Object) deployment.get("spec", "replicas")).isEqualTo(4);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("shop-staging");
    }

    @Test
    void rendersAPlainDirectoryAndADeclaredTypeWinsOverDetection() throws Exception {
        assertThat(kindsAndNames(renderer.render(app("plain"), repo(), SHA))).hasSize(7);

        // declared as a directory, a kustomize base is read as plain manifests: the Kustomization file is an object too
        Application asDirectory = app("base", "kustomize/base", SourceType.DIRECTORY, null, null, null);
        assertThat(kindsAndNames(renderer.render(asDirectory, repo(), SHA))).containsExactly(
                "Deployment/podinfo", "Kustomization/null", "Service/podinfo");
    }

    @Test
    void aMissingPathIsNamedWithTheRevisionAndTheNearestExistingDirectory() {
        assertThatThrownBy(() -> renderer.render(app("kustomize/overlays/prod"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("source path 'kustomize/overlays/prod' does not exist in the repository at revision 3f786850e387"
                        + " ('kustomize/overlays' exists)");
    }

    @Test
    void aPathClimbingOutOfTheCheckoutIsRejected() {
        assertThatThrownBy(() -> renderer.render(app("plain/../../.."), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("source path 'plain/../../..' escapes the repository; use a path inside it");
    }

    @Test
    void aPathThroughASymbolicLinkOutOfTheCheckoutIsRejected(@TempDir Path tmp) throws Exception {
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        Files.createSymbolicLink(checkout.resolve("apps"), elsewhere);

        assertThatThrownBy(() -> renderer.render(app("apps"), checkout, SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("source path 'apps' leads outside the repository through a symbolic link");
    }

    @Test
    void aSymbolicLinkUnderTheSourcePointingOutsideIsRejectedBeforeAnyToolRuns(@TempDir Path tmp) throws Exception {
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        copyTree(repo().resolve("helm/web"), checkout.resolve("charts/web"));
        Path hostFile = Files.writeString(tmp.resolve("token"), "not for charts\n");
        Files.createSymbolicLink(checkout.resolve("charts/web/templates/token.txt"), hostFile);

        assertThatThrownBy(() -> renderer.render(app("charts/web"), checkout, SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("charts/web/templates/token.txt is a symbolic link to a path outside the repository;"
                        + " remove it or point it inside");
    }

    @Test
    void aFileIsNotASourceDirectory() {
        assertThatThrownBy(() -> renderer.render(app("plain/namespace.yaml"), repo(), SHA))
                .hasMessage("source path 'plain/namespace.yaml' is a file; it must be a directory");
    }

    @Test
    void theRepositoryRootIsAValidSource(@TempDir Path checkout) throws Exception {
        Files.writeString(checkout.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
        Files.createDirectories(checkout.resolve(".git"));
        Files.writeString(checkout.resolve(".git/config.yaml"), "not: a manifest\n");

        assertThat(kindsAndNames(renderer.render(app(""), checkout, SHA))).containsExactly("Namespace/team-a");
    }
}
