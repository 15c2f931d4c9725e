package dev.conveyor.git.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Kustomize edit writes is what real Kustomize (kubectl's built-in, v5) reads: the rendered Deployment
 * carries the new image. Skipped where neither {@code kustomize} nor {@code kubectl} is on the PATH.
 */
class KustomizeRenderIT {

    static final String DIGEST = "sha256:" + "5".repeat(64);

    @TempDir
    Path dir;

    @Test
    void renderedManifestsCarryTheWrittenImage() throws Exception {
        List<String> kustomize = kustomizeCommand();
        assumeTrue(kustomize != null, "no kustomize or kubectl on the PATH");
        Files.writeString(dir.resolve("deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  template:
                    spec:
                      containers:
                      - name: app
                        image: app:0.1
                      - name: proxy
                        image: envoy:1.0
                """);
        Path kustomization = dir.resolve("kustomization.yaml");
        Files.writeString(kustomization, """
                # overlay
                resources:
                  - deployment.yaml   # the only one
                images:
                  - name: envoy
                    newTag: "1.1"
                """);

        ImageVersion v = new ImageVersion("registry.example/team/app", "1.20", DIGEST);
        edit(kustomization, ImageEdits.kustomize("app", v.image(), v, true, false));
        assertThat(render(kustomize)).contains("image: registry.example/team/app:1.20\n", "image: envoy:1.1\n");

        edit(kustomization, ImageEdits.kustomize("app", null, v, true, true));
        assertThat(render(kustomize)).contains("image: registry.example/team/app:1.20@" + DIGEST + "\n");
    }

    private static void edit(Path file, FileEdit edit) throws Exception {
        Files.writeString(file, edit.apply(file.getFileName().toString(), Files.readString(file)));
    }

    private String render(List<String> command) throws Exception {
        List<String> full = new java.util.ArrayList<>(command);
        full.add(dir.toString());
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("kustomize did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    private static List<String> kustomizeCommand() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dirName, "kustomize"))) {
                return List.of(Path.of(dirName, "kustomize").toString(), "build");
            }
        }
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dirName, "kubectl"))) {
                return List.of(Path.of(dirName, "kubectl").toString(), "kustomize");
            }
        }
        return null;
    }
}
