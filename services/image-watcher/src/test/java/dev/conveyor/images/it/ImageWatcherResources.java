package dev.conveyor.images.it;

import dev.conveyor.testing.git.GitFixture;
import dev.conveyor.testing.registry.RegistryProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real parts around the image-watcher: two real registries (Debian's docker-registry; the second sends push
 * notifications to a webhook-ingest the test starts on a port reserved here), a control repository with ImagePolicy
 * declarations and a deploy repository with the files they write — bare Git repositories behind file:// URLs.
 */
public class ImageWatcherResources implements QuarkusTestResourceLifecycleManager {

    static final String NOTIFY_TOKEN = "Bearer registry-notify-" + Long.toHexString(System.nanoTime());

    static RegistryProcess registry;
    static RegistryProcess notifyingRegistry;
    static int ingestPort;
    static GitFixture control;
    static GitFixture deploy;
    static Path root;

    static final String KUSTOMIZATION = """
            # Payments in dev. Image versions are written by Conveyor's image-watcher.
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../base   # shared manifests
            images:
              - name: acme/payments
                newName: %s/acme/payments
                newTag: 1.2.0 # first release
            """;

    static final String VALUES = """
            # web chart values
            replicaCount: 2
            image:
              repository: %s/acme/web   # where CI pushes
              tag: "0.9.0"
              digest: ""
            ingress:
              enabled: true
            """;

    static final String MARKER_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: %s/acme/web:0.9.0 # {"conveyor.dev/image-policy": "web-marker"}
                    - name: sidecar
                      image: busybox:1.36   # not managed
            """;

    static String policy(String name, String image, String strategy, String path, String edit) {
        return """
                apiVersion: conveyor.dev/v1alpha1
                kind: ImagePolicy
                metadata: {name: %s}
                spec:
                  image: %s
                  strategy: %s
                  ignoreTags: ['-debug$']
                  writeBack:
                    repoURL: %s
                    branch: main
                    path: %s
                    %s
                """.formatted(name, image, strategy, deploy.url(), path, edit);
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (RegistryProcess.binary().isEmpty()) throw new IllegalStateException(RegistryProcess.missingMessage());
            root = Files.createTempDirectory("conveyor-image-watcher-it");
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ingestPort = s.getLocalPort();
            }
            registry = RegistryProcess.builder().start();
            notifyingRegistry = RegistryProcess.builder()
                    .notifications(URI.create("http://127.0.0.1:" + ingestPort + "/webhooks/distribution"),
                            Map.of("Authorization", NOTIFY_TOKEN))
                    .start();
            control = new GitFixture(root, "control");
            deploy = new GitFixture(root, "deploy");
            String r = registry.host();
            deploy.commit("deploy repository", Map.of(
                    "apps/payments/dev/kustomization.yaml", KUSTOMIZATION.formatted(r),
                    "apps/web/values.yaml", VALUES.formatted(r),
                    "apps/web/deployment.yaml", MARKER_DEPLOYMENT.formatted(r),
                    "apps/edge/kustomization.yaml", KUSTOMIZATION.replace("acme/payments", "acme/edge").formatted(notifyingRegistry.host()),
                    "apps/quiet/kustomization.yaml", KUSTOMIZATION.replace("acme/payments", "acme/quiet").formatted(r)));
            control.commit("image policies", Map.of(
                    "images/payments.yaml", policy("payments", r + "/acme/payments", "{semver: {range: \"^1.2\"}}",
                            "apps/payments/dev/kustomization.yaml", "kustomize: {name: acme/payments}"),
                    "images/web.yaml", policy("web-helm", r + "/acme/web", "{semver: {range: \">=0.9.0\"}}",
                            "apps/web/values.yaml", "helm: {tag: image.tag, digest: image.digest}")
                            + "---\n" + policy("web-marker", r + "/acme/web", "{semver: {range: \">=0.9.0\"}}",
                            "apps/web/deployment.yaml", "marker: {}"),
                    "images/edge.yaml", policy("edge", notifyingRegistry.host() + "/acme/edge", "{semver: {range: \"^1.0\"}}",
                            "apps/edge/kustomization.yaml", "kustomize: {name: acme/edge}"),
                    "images/quiet.yaml", policy("quiet", r + "/acme/quiet", "{numerical: {}}",
                            "apps/quiet/kustomization.yaml", "kustomize: {name: acme/quiet}")));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("conveyor.images.declarations.repo-url", control.url());
        config.put("conveyor.images.declarations.path", "images");
        config.put("conveyor.images.git.work-dir", root.resolve("work").toString());
        // The safety-net scan runs often here so that its test finishes quickly; the other tests tolerate it.
        config.put("conveyor.images.scan.interval", "PT4S");
        return config;
    }

    @Override
    public void stop() {
        if (registry != null) registry.close();
        if (notifyingRegistry != null) notifyingRegistry.close();
    }
}
