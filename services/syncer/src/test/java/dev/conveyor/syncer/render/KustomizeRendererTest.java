package dev.conveyor.syncer.render;

import dev.conveyor.syncer.render.Renderer.RenderException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

/** Runs the real Kustomize (kubectl's, on this machine) on the overlays under render/repo/kustomize. */
class KustomizeRendererTest {

    private final KustomizeRenderer renderer = new KustomizeRenderer();

    @Test
    void rendersTheDevOverlayWithPrefixImageTagPatchesAndLabels() throws Exception {
        List<GenericKubernetesResource> objects = renderer.render(app("kustomize/overlays/dev"), repo(), SHA);

        assertThat(kindsAndNames(objects)).containsExactly("Service/dev-podinfo", "Deployment/dev-podinfo");

        GenericKubernetesResource deployment = find(objects, "Deployment", "dev-podinfo");
        assertThat((Object) deployment.get("spec", "replicas")).isEqualTo(3);
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("env", "dev")
                .containsEntry("app.kubernetes.io/name", "podinfo");
        assertThat((Object) deployment.get("spec", "selector", "matchLabels"))
                .isEqualTo(Map.of("app.kubernetes.io/name", "podinfo", "component", "web"));
        Map<String, Object> container = firstContainer(deployment);
        assertThat(container).containsEntry("image", "ghcr.io/stefanprodan/podinfo:6.7.1");
        assertThat((Object) container.get("env")).isEqualTo(List.of(
                Map.of("name", "PODINFO_UI_COLOR", "value", "#34577c"),
                Map.of("name", "PODINFO_UI_MESSAGE", "value", "dev environment")));

        GenericKubernetesResource service = find(objects, "Service", "dev-podinfo");
        assertThat((Object) service.get("spec", "ports", 0, "port")).isEqualTo(9898);
        assertThat((Object) service.get("spec", "selector", "component")).isEqualTo("web");
    }

    @Test
    void rendersTheBase() throws Exception {
        List<GenericKubernetesResource> objects = renderer.render(app("kustomize/base"), repo(), SHA);

        GenericKubernetesResource deployment = find(objects, "Deployment", "podinfo");
        assertThat((Object) deployment.get("spec", "replicas")).isEqualTo(1);
        assertThat(firstContainer(deployment)).containsEntry("image", "ghcr.io/stefanprodan/podinfo:6.5.0");
    }

    @Test
    void aKustomizeErrorSurfacesKustomizesMessageWithRepositoryPaths() {
        assertThatThrownBy(() -> renderer.render(app("kustomize/overlays/broken"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("kubectl kustomize kustomize/overlays/broken failed (exit 1): accumulating resources")
                .hasMessageContaining("'kustomize/overlays/broken/hpa.yaml'")
                .hasMessageContaining("no such file or directory")
                .hasMessageNotContaining(repo().toString());
    }

    @Test
    void withNeitherKustomizeNorKubectlTheErrorSaysWhatToInstall(@TempDir Path emptyBin) {
        KustomizeRenderer nothingInstalled = new KustomizeRenderer(Duration.ofSeconds(5), emptyBin.toString());

        assertThatThrownBy(() -> nothingInstalled.render(app("kustomize/overlays/dev"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("'kustomize/overlays/dev'")
                .hasMessageEndingWith("install kustomize or kubectl");
    }

    @Test
    void prefersAKustomizeBinaryAndReportsItsStderr(@TempDir Path bin) throws Exception {
        script(bin, "kustomize", """
                #!/bin/sh
                echo "Error: invoked as: $1 $(basename "$2")" >&2
                exit 3
                """);
        KustomizeRenderer withKustomize = new KustomizeRenderer(Duration.ofSeconds(10), bin + ":/usr/bin:/bin");

        assertThatThrownBy(() -> withKustomize.render(app("kustomize/overlays/dev"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("kustomize build kustomize/overlays/dev failed (exit 3): invoked as: build dev");
    }

    @Test
    void aBuildThatRunsOverTheTimeoutIsKilled(@TempDir Path bin) throws Exception {
        Path pidFile = bin.resolve("pid");
        script(bin, "kustomize", """
                #!/bin/sh
                echo $$ > %s
                echo "loading remote base…" >&2
                exec sleep 60
                """.formatted(pidFile));
        KustomizeRenderer slow = new KustomizeRenderer(Duration.ofMillis(700), bin.toString());

        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.render(app("kustomize/overlays/dev"), repo(), SHA))
                .isInstanceOf(RenderException.class)
                .hasMessage("kustomize build kustomize/overlays/dev timed out after 700ms and was stopped: loading remote base…");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void kustomizeOutputIsParsedWithTheSameChecks(@TempDir Path bin) throws Exception {
        script(bin, "kustomize", """
                #!/bin/sh
                printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: a\\n---\\nmetadata:\\n  name: b\\n'
                """);
        KustomizeRenderer fake = new KustomizeRenderer(Duration.ofSeconds(10), bin.toString());

        assertThatThrownBy(() -> fake.render(app("kustomize/overlays/dev"), repo(), SHA))
                .hasMessage("output of kustomize build kustomize/overlays/dev: document 2 (line 6): not a Kubernetes object:"
                        + " missing apiVersion and kind (metadata.name b)");
    }

    private static void script(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }
}
