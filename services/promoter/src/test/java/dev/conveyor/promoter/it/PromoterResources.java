package dev.conveyor.promoter.it;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionEvent.FreightImage;
import dev.conveyor.events.PromotionRequested;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.testing.git.GitFixture;
import dev.conveyor.testing.kafka.TestEvents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real Git for the promoter: a control repository with two Pipelines and a deploy repository with a kustomization per
 * stage. Before the promoter starts, {@code conveyor.promotions} already holds the history of a promotion of the
 * "legacy" pipeline that was in flight when a previous promoter process stopped — the restart case.
 */
public class PromoterResources implements QuarkusTestResourceLifecycleManager {

    static final String IMAGE = "registry.example.com/acme/payments";
    static final String LEGACY_IMAGE = "registry.example.com/acme/legacy";

    static GitFixture control;
    static GitFixture deploy;
    static String legacyStagingCommit;
    static String legacyFreight;

    static String kustomization(String image, String name, String tag) {
        return """
                # managed by Conveyor
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                images:
                  - name: %s
                    newName: %s
                    newTag: %s   # promoted by conveyor
                """.formatted(name, image, tag);
    }

    static String pipeline(String name, String image, String kustomizeName, String dir, String prodGates) {
        return """
                apiVersion: conveyor.dev/v1alpha1
                kind: Pipeline
                metadata: {name: %s}
                spec:
                  images:
                    - {image: %s, kustomizeName: %s}
                  stages:
                    - name: dev
                      application: %s-dev
                      writeBack: {repoURL: "%s", branch: main, path: %s/dev/kustomization.yaml}
                    - name: staging
                      application: %s-staging
                      writeBack: {repoURL: "%s", branch: main, path: %s/staging/kustomization.yaml}
                      gates: {autoPromote: true, soak: 2s}
                    - name: prod
                      application: %s-prod
                      writeBack: {repoURL: "%s", branch: main, path: %s/prod/kustomization.yaml}
                      gates: %s
                """.formatted(name, image, kustomizeName, name, deploy.url(), dir, name, deploy.url(), dir, name,
                deploy.url(), dir, prodGates);
    }

    @Override
    public synchronized Map<String, String> start() {
        Path root;
        try {
            root = Files.createTempDirectory("conveyor-promoter-it");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        control = new GitFixture(root, "control");
        deploy = new GitFixture(root, "deploy");
        Map<String, String> files = new LinkedHashMap<>();
        for (String stage : List.of("dev", "staging", "prod")) {
            files.put("apps/payments/" + stage + "/kustomization.yaml", kustomization(IMAGE, "acme/payments", "1.0.0"));
            files.put("apps/legacy/" + stage + "/kustomization.yaml", kustomization(LEGACY_IMAGE, "acme/legacy", "2.0.0"));
        }
        deploy.commit("deploy repository", files);
        control.commit("pipelines", Map.of(
                "pipelines/payments.yaml", pipeline("payments", IMAGE, "acme/payments", "apps/payments",
                        "{autoPromote: true, approvals: {required: 2, groups: [payments-leads], allowAuthor: false}}"),
                "pipelines/legacy.yaml", pipeline("legacy", LEGACY_IMAGE, "acme/legacy", "apps/legacy", "{autoPromote: false}")));

        // The previous process promoted legacy 2.1.0 into staging (commit pushed, PromotionStarted published) and
        // stopped before the syncer reported.
        legacyStagingCommit = deploy.commit("promote legacy to staging (previous process)", Map.of(
                "apps/legacy/staging/kustomization.yaml", kustomization(LEGACY_IMAGE, "acme/legacy", "2.1.0")));
        List<FreightImage> images = List.of(new FreightImage(LEGACY_IMAGE, "2.1.0", null));
        legacyFreight = dev.conveyor.promoter.engine.Freight.of(images, java.time.Instant.now()).id();
        String repo = RepositoryUrls.canonical(deploy.url());
        List<PromotionEvent> history = List.of(
                new FreightCreated("legacy", "dev", legacyFreight, images, "seeded"),
                new dev.conveyor.events.PromotionSucceeded("legacy", "dev", legacyFreight, PromotionEvent.Kind.AUTO,
                        "legacy-dev", legacyStagingCommit, legacyStagingCommit),
                new PromotionRequested("legacy", "staging", legacyFreight, images, PromotionEvent.Kind.AUTO, null),
                new PromotionStarted("legacy", "staging", legacyFreight, images, PromotionEvent.Kind.AUTO, "legacy-staging",
                        repo, "main", "apps/legacy/staging/kustomization.yaml", legacyStagingCommit, List.of(), false));
        int n = 0;
        for (PromotionEvent e : history) TestEvents.publish("seeded-" + (n++), e);

        return Map.of(
                "conveyor.promoter.declarations.repo-url", control.url(),
                "conveyor.promoter.declarations.path", "pipelines",
                "conveyor.promoter.git.work-dir", root.resolve("work").toString());
    }

    @Override
    public void stop() {
        // temp files go with the machine's temp directory
    }
}
