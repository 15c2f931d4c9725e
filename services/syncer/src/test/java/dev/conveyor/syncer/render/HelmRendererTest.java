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
import static dev.conveyor.syncer.render.RenderFixtures.copyTree;
import static dev.conveyor.syncer.render.RenderFixtures.find;
import static dev.conveyor.syncer.render.RenderFixtures.firstContainer;
import static dev.conveyor.syncer.render.RenderFixtures.helmApp;
import static dev.conveyor.syncer.render.RenderFixtures.kindsAndNames;
import static dev.conveyor.syncer.render.RenderFixtures.repo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Renders the chart under render/repo/helm/web with Helm's engine, in-process. */
class HelmRendererTest {

    private final HelmRenderer renderer = new HelmRenderer();

    @Test
    void rendersWithAValuesFileReleaseNameFromTheApplicationAndTheDestinationNamespace() throws Exception {
        Application app = helmApp("shop", "shop-staging",
                new Application.Helm(null, List.of("values-staging.yaml"), null, Map.of()));

        List<GenericKubernetesResource> objects = renderer.render(app, repo(), SHA);

        // Helm's install order: Service before Deployment; the metrics subchart is disabled by default
        assertThat(kindsAndNames(objects)).containsExactly("Service/shop-web", "Deployment/shop-web");
        GenericKubernetesResource deployment = find(objects, "Deployment", "shop-web");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("shop-staging");
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("helm.sh/chart", "web-1.2.0")
                .containsEntry("app.kubernetes.io/instance", "shop")
                .containsEntry("app.kubernetes.io/version", "2.5.0-rc.1")
                .containsEntry("app.kubernetes.io/managed-by", "Helm");
        assertThat((Object) deployment.get("spec", "replicas")).isEqualTo(2);
        assertThat((Object) deployment.get("spec", "template", "metadata", "labels"))
                .isEqualTo(Map.of("app.kubernetes.io/name", "web", "app.kubernetes.io/instance", "shop", "tier", "frontend"));
        Map<String, Object> container = firstContainer(deployment);
        assertThat(container).containsEntry("image", "registry.example.com/shop/web:2.5.0-rc.1");
        assertThat((Object) deployment.get("spec", "template", "spec", "containers", 0, "env", 0, "value"))
                .isEqualTo("staging.shop.example.com");

        GenericKubernetesResource service = find(objects, "Service", "shop-web");
        assertThat((Object) service.get("spec", "ports", 0, "port")).isEqualTo(80);
        assertThat((Object) service.get("spec", "selector", "app.kubernetes.io/instance")).isEqualTo("shop");
    }

    @Test
    void appliesValueFilesInOrderThenInlineValuesThenParameters() throws Exception {
        Application app = helmApp("storefront", "shop-prod", new Application.Helm(
                "shop",
                List.of("values-staging.yaml", "../environments/prod.yaml"),
                """
                        replicaCount: 5
                        service:
                          port: 8080
                        metrics:
                          enabled: true
                        """,
                Map.of("replicaCount", "6", "image.tag", "2.4.2", "metrics.interval", "15s")));

        List<GenericKubernetesResource> objects = renderer.render(app, repo(), SHA);

        assertThat(kindsAndNames(objects))
                .containsExactly("ConfigMap/shop-metrics", "Service/shop-web", "Deployment/shop-web");
        GenericKubernetesResource deployment = find(objects, "Deployment", "shop-web");
        assertThat((Object) deployment.get("spec", "replicas")).isEqualTo(6);                      // parameter, last
        assertThat(firstContainer(deployment)).containsEntry("image", "registry.example.com/shop/web:2.4.2");
        assertThat((Object) deployment.get("spec", "template", "spec", "containers", 0, "env", 0, "value"))
                .isEqualTo("shop.example.com");                                                    // prod.yaml over staging
        assertThat((Object) deployment.get("spec", "template", "metadata", "labels", "tier"))
                .isEqualTo("frontend");                                                            // staging, not overridden
        assertThat((Object) find(objects, "Service", "shop-web").get("spec", "ports", 0, "port"))
                .isEqualTo(8080);                                                                  // inline values

        // the subchart in charts/, enabled by the inline values, with a value set through the parent
        GenericKubernetesResource metrics = find(objects, "ConfigMap", "shop-metrics");
        assertThat(metrics.getMetadata().getNamespace()).isEqualTo("shop-prod");
        assertThat((Object) metrics.get("data")).isEqualTo(Map.of(
                "scrape-interval", "15s",
                "target", "shop-web.shop-prod.svc:80"));
    }

    @Test
    void aTemplateErrorSurfacesHelmsMessage() {
        Application app = helmApp("shop", "shop-dev", Application.Helm.NONE);

        assertThatThrownBy(() -> renderer.render(app, repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("helm template of chart helm/web failed: ")
                .hasMessageContaining("web/templates/deployment.yaml")
                .hasMessageContaining("ingressHost is required: set it in the environment's values")
                .hasMessageNotContaining("--debug");
    }

    @Test
    void aValueFileEscapingTheRepositoryIsRejected() {
        Application app = helmApp("shop", "shop", new Application.Helm(null,
                List.of("values-staging.yaml", "../../../../../../../../../etc/passwd"), null, Map.of()));

        assertThatThrownBy(() -> renderer.render(app, repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("Helm value file '../../../../../../../../../etc/passwd' escapes the repository");
    }

    @Test
    void aValueFileLinkedOutsideTheRepositoryIsRejected(@TempDir Path tmp) throws Exception {
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        copyTree(repo().resolve("helm/web"), checkout.resolve("helm/web"));
        Path secret = Files.writeString(tmp.resolve("host-secrets.yaml"), "ingressHost: leaked\n");
        Path values = Files.createDirectories(checkout.resolve("values"));
        Files.createSymbolicLink(values.resolve("prod.yaml"), secret);
        Application app = helmApp("shop", "shop",
                new Application.Helm(null, List.of("../../values/prod.yaml"), null, Map.of()));

        assertThatThrownBy(() -> renderer.render(app, checkout, SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("Helm value file '../../values/prod.yaml' leads outside the repository through a symbolic link");
    }

    @Test
    void aMissingValueFileIsNamed() {
        Application app = helmApp("shop", "shop",
                new Application.Helm(null, List.of("values-production.yaml"), null, Map.of()));

        assertThatThrownBy(() -> renderer.render(app, repo(), SHA))
                .hasMessage("Helm value file 'values-production.yaml' does not exist (looked for helm/web/values-production.yaml)");
    }

    @Test
    void invalidInlineValuesAreReportedAsSuch() {
        Application app = helmApp("shop", "shop",
                new Application.Helm(null, List.of(), "replicaCount: 2\n  image: [\n", Map.of()));

        assertThatThrownBy(() -> renderer.render(app, repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("helm.values is not valid YAML");
    }

    @Test
    void aDependencyMissingFromChartsSurfacesHelmsMessage() {
        Application app = app("cache", "helm/missing-dep", Application.SourceType.HELM, "cache", null, null);

        assertThatThrownBy(() -> renderer.render(app, repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("helm template of chart helm/missing-dep failed: ")
                .hasMessageContaining("redis");
    }

    @Test
    void aDirectoryWithoutChartYamlIsNotAChart() {
        Application app = app("x", "plain", Application.SourceType.HELM, "x", null, null);

        assertThatThrownBy(() -> renderer.render(app, repo(), SHA))
                .hasMessage("source path 'plain' is not a Helm chart: it has no Chart.yaml");
    }
}
