package dev.conveyor.images.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.Manifest;
import dev.conveyor.images.registry.ImageRef;
import dev.conveyor.images.registry.Platform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagePolicyParserTest {

    static final String FULL = """
            apiVersion: conveyor.dev/v1alpha1
            kind: ImagePolicy
            metadata: {name: payments-api}
            spec:
              image: registry.example.com:5000/acme/payments-api
              strategy:
                semver: {range: "^1.2", prereleases: true}
              allowTags: '^v?(?<version>\\d+\\.\\d+\\.\\d+.*)$'
              ignoreTags: ['-debug$']
              platform: linux/arm64/v8
              credentials: acme
              writeBack:
                repoURL: https://git.example.com/acme/deploy.git
                branch: main
                path: ./apps/payments/dev/kustomization.yaml
                kustomize: {name: acme/payments-api, digest: true}
                commitMessage: "bump {image} to {to}"
                author: {name: bot, email: bot@example.com}
            """;

    static ImagePolicy parse(String yaml) throws Exception {
        ObjectNode body = (ObjectNode) new YAMLMapper().readTree(yaml);
        return new ImagePolicyParser().parse(Manifest.of(body, "policies/p.yaml", 0));
    }

    static DeclarationException error(String yaml) {
        try {
            parse(yaml);
        } catch (DeclarationException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a DeclarationException");
    }

    @Test
    void parsesEveryField() throws Exception {
        ImagePolicy p = parse(FULL);
        assertThat(p.name()).isEqualTo("payments-api");
        assertThat(p.image()).isEqualTo(new ImageRef("registry.example.com:5000", "acme/payments-api"));
        assertThat(p.strategy()).isEqualTo(new Strategy.Semver("^1.2", true));
        assertThat(p.allowTags().pattern()).contains("(?<version>");
        assertThat(p.ignoreTags()).hasSize(1);
        assertThat(p.platform()).isEqualTo(new Platform("linux", "arm64", "v8"));
        assertThat(p.credentials()).isEqualTo("acme");
        WriteBack wb = p.writeBack();
        assertThat(wb.path()).isEqualTo("apps/payments/dev/kustomization.yaml");
        assertThat(wb.edit()).isEqualTo(new WriteBack.Kustomize("acme/payments-api", null, true, true));
        assertThat(wb.commitMessage()).isEqualTo("bump {image} to {to}");
        assertThat(wb.authorName()).isEqualTo("bot");
        assertThat(p.declaredIn()).isEqualTo("policies/p.yaml");
        assertThat(parse(FULL)).isEqualTo(p);
    }

    @Test
    void dockerHubShortNamesAreNormalised() {
        assertThat(ImageRef.parse("nginx")).isEqualTo(new ImageRef("docker.io", "library/nginx"));
        assertThat(ImageRef.parse("bitnami/redis")).isEqualTo(new ImageRef("docker.io", "bitnami/redis"));
        assertThat(ImageRef.parse("index.docker.io/library/nginx")).isEqualTo(new ImageRef("docker.io", "library/nginx"));
        assertThat(ImageRef.parse("localhost:5000/app")).isEqualTo(new ImageRef("localhost:5000", "app"));
        assertThatThrownBy(() -> ImageRef.parse("ghcr.io/acme/app:1.0")).hasMessageContaining("tag or digest");
    }

    @Test
    void otherStrategiesAndEditKinds() throws Exception {
        assertThat(parse(FULL.replace("semver: {range: \"^1.2\", prereleases: true}", "newestBuild: {}")).strategy())
                .isEqualTo(new Strategy.NewestBuild());
        assertThat(parse(FULL.replace("semver: {range: \"^1.2\", prereleases: true}", "digest: {tag: latest}")).strategy())
                .isEqualTo(new Strategy.Digest("latest"));
        assertThat(parse(FULL.replace("semver: {range: \"^1.2\", prereleases: true}", "numerical: {order: asc}")).strategy())
                .isEqualTo(new Strategy.Numerical(Strategy.Order.ASC));
        assertThat(parse(FULL.replace("semver: {range: \"^1.2\", prereleases: true}", "alphabetical: {}")).strategy())
                .isEqualTo(new Strategy.Alphabetical(Strategy.Order.DESC));
        assertThat(parse(FULL.replace("kustomize: {name: acme/payments-api, digest: true}",
                "helm: {repository: image.repository, tag: image.tag}")).writeBack().edit())
                .isEqualTo(new WriteBack.HelmValues("image.repository", "image.tag", null));
        assertThat(parse(FULL.replace("kustomize: {name: acme/payments-api, digest: true}", "marker: {}")).writeBack().edit())
                .isEqualTo(new WriteBack.Marker(true, false));
    }

    @Test
    void errorsNameTheField() {
        assertThat(error(FULL.replace("range: \"^1.2\"", "range: \"banana\"")).field()).isEqualTo("spec.strategy.semver.range");
        assertThat(error(FULL.replace("semver: {range: \"^1.2\", prereleases: true}",
                "semver: {range: \"^1\"}\n    newestBuild: {}")).field()).isEqualTo("spec.strategy");
        assertThat(error(FULL.replace("'^v?(?<version>", "'^v?((?<version>")).field()).isEqualTo("spec.allowTags");
        assertThat(error(FULL.replace("platform: linux/arm64/v8", "platform: arm64")).field()).isEqualTo("spec.platform");
        assertThat(error(FULL.replace("kustomize: {name: acme/payments-api, digest: true}", "kustomize: {digest: true}")).field())
                .isEqualTo("spec.writeBack.kustomize.name");
        assertThat(error(FULL.replace("    kustomize: {name: acme/payments-api, digest: true}\n", "")).field())
                .isEqualTo("spec.writeBack");
        assertThat(error(FULL.replace("commitMessage: \"bump {image} to {to}\"", "commitMessage: \"bump {#if x}\"")).field())
                .isEqualTo("spec.writeBack.commitMessage");
        assertThat(error(FULL.replace("credentials: acme", "credential: acme")).field()).isEqualTo("spec.credential");
        assertThat(error(FULL.replace("image: registry.example.com:5000/acme/payments-api", "image: Bad Image")).field())
                .isEqualTo("spec.image");
    }
}
