package dev.conveyor.promoter.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.Manifest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineParserTest {

    static final String FULL = """
            apiVersion: conveyor.dev/v1alpha1
            kind: Pipeline
            metadata: {name: payments}
            spec:
              images:
                - image: registry.example.com/acme/payments-api
                  kustomizeName: acme/payments-api
                - image: registry.example.com/acme/worker
                  helm: {tag: worker.image.tag, digest: worker.image.digest}
              stages:
                - name: dev
                  application: payments-dev
                  writeBack: {repoURL: "https://git.example.com/acme/deploy.git", branch: main, path: apps/payments/dev/kustomization.yaml}
                - name: staging
                  application: payments-staging
                  writeBack: {repoURL: "https://git.example.com/acme/deploy.git", branch: main, path: apps/payments/staging/kustomization.yaml, digest: true}
                  gates: {autoPromote: true, soak: 10m}
                - name: prod
                  application: payments-prod
                  timeout: 15m
                  writeBack: {repoURL: "https://git.example.com/acme/deploy.git", branch: main, path: apps/payments/prod/kustomization.yaml}
                  gates:
                    autoPromote: true
                    approvals: {required: 2, groups: [payments-leads], users: [carol], allowAuthor: false}
                    freezeWindows:
                      - {cron: "0 16 * * 5", duration: 64h, timeZone: Europe/Berlin}
                    conditions:
                      - 'freight.images.all(i, !i.tag.contains("-rc"))'
            """;

    static Pipeline parse(String yaml) throws Exception {
        return new PipelineParser().parse(Manifest.of((ObjectNode) new YAMLMapper().readTree(yaml), "pipelines/p.yaml", 0));
    }

    static String errorField(String yaml) {
        try {
            parse(yaml);
        } catch (DeclarationException e) {
            return e.field();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a DeclarationException");
    }

    @Test
    void parsesACompletePipeline() throws Exception {
        Pipeline p = parse(FULL);
        assertThat(p.name()).isEqualTo("payments");
        assertThat(p.images()).hasSize(2);
        assertThat(p.images().get(0).kustomizeName()).isEqualTo("acme/payments-api");
        assertThat(p.images().get(1).helmTag()).isEqualTo("worker.image.tag");
        assertThat(p.images().get(1).marker()).isEqualTo("worker");
        assertThat(p.stages()).extracting(Pipeline.Stage::name).containsExactly("dev", "staging", "prod");
        assertThat(p.stages().get(1).gates().soak()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.stages().get(1).writeBack().digest()).isTrue();
        Pipeline.Stage prod = p.stages().get(2);
        assertThat(prod.timeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(prod.gates().approvals()).isEqualTo(new Pipeline.Approvals(2, Set.of("carol"), Set.of("payments-leads"), false));
        assertThat(prod.gates().freezes()).containsExactly(new FreezeWindow("0 16 * * 5", Duration.ofHours(64), ZoneId.of("Europe/Berlin")));
        assertThat(prod.gates().conditions()).hasSize(1);
        assertThat(parse(FULL)).isEqualTo(p);
    }

    @Test
    void errorsNameTheField() {
        assertThat(errorField(FULL.replace("soak: 10m", "soak: ten minutes"))).isEqualTo("spec.stages[1].gates.soak");
        assertThat(errorField(FULL.replace("cron: \"0 16 * * 5\"", "cron: \"every friday\""))).isEqualTo("spec.stages[2].gates.freezeWindows[0].cron");
        assertThat(errorField(FULL.replace("timeZone: Europe/Berlin", "timeZone: Mars/Olympus"))).isEqualTo("spec.stages[2].gates.freezeWindows[0].timeZone");
        assertThat(errorField(FULL.replace("!i.tag.contains(\"-rc\")", "i.tag +"))).isEqualTo("spec.stages[2].gates.conditions[0]");
        assertThat(errorField(FULL.replace("application: payments-prod", "application: payments-staging"))).isEqualTo("spec.stages[2].application");
        assertThat(errorField(FULL.replace("required: 2, groups: [payments-leads], users: [carol]", "required: 2"))).isEqualTo("spec.stages[2].gates.approvals");
        assertThat(errorField(FULL.replace("  - name: dev\n      application: payments-dev\n",
                "  - name: dev\n      application: payments-dev\n      gates: {soak: 1m}\n"))).isEqualTo("spec.stages[0].gates");
        assertThat(errorField(FULL.replace("kustomizeName: acme/payments-api", "kustomiseName: acme/payments-api"))).isEqualTo("spec.images[0].kustomiseName");
    }

    @Test
    void freezeWindowsKnowWhenTheyEnd() {
        FreezeWindow weekend = new FreezeWindow("0 16 * * 5", Duration.ofHours(64), ZoneId.of("Europe/Berlin"));
        // Friday 2026-11-27 16:00 Berlin (15:00 UTC) to Monday 08:00 Berlin.
        assertThat(weekend.activeUntil(Instant.parse("2026-11-28T12:00:00Z"))).contains(Instant.parse("2026-11-30T07:00:00Z"));
        assertThat(weekend.activeUntil(Instant.parse("2026-11-27T15:00:00Z"))).contains(Instant.parse("2026-11-30T07:00:00Z"));
        assertThat(weekend.activeUntil(Instant.parse("2026-11-27T14:59:00Z"))).isEmpty();
        assertThat(weekend.activeUntil(Instant.parse("2026-11-30T07:00:00Z"))).isEmpty();
    }

    @Test
    void conditionsEvaluateOverFreightAndStage() {
        var freight = java.util.Map.<String, Object>of("id", "f-1", "images",
                java.util.List.of(java.util.Map.of("image", "a", "tag", "1.5.0-rc.1", "digest", "")), "createdAt", "x");
        var stage = java.util.Map.<String, Object>of("name", "prod", "application", "p", "previous", "staging", "previousVerifiedAt", "");
        assertThat(Conditions.firstFailing(java.util.List.of("freight.images.all(i, !i.tag.contains(\"-rc\"))"), freight, stage))
                .startsWith("condition is false");
        assertThat(Conditions.firstFailing(java.util.List.of("stage.name == 'prod'"), freight, stage)).isNull();
    }
}
