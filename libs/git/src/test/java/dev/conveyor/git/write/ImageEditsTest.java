package dev.conveyor.git.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The edits' error cases and the corners the golden files do not show. */
class ImageEditsTest {

    static final ImageVersion V = ImageVersion.ofTag("registry.example/team/app", "1.2.4");

    @Test
    void aMissingMarkerNamesTheFileAndThePolicy() {
        FileEdit edit = ImageEdits.markers("app-policy", V, true, false);
        String yaml = "image: registry.example/team/app:1.2.3 # {\"conveyor.dev/image-policy\": \"other-policy\"}\n";

        assertThatThrownBy(() -> edit.apply("deploy.yaml", yaml))
                .isInstanceOfSatisfying(EditException.class, e -> {
                    assertThat(e.path()).isEqualTo("deploy.yaml");
                    assertThat(e.getMessage()).startsWith("deploy.yaml: ").contains("no marker", "app-policy");
                });
    }

    @Test
    void aKeyPathThroughAScalarIsAnErrorAndNothingIsOverwritten() {
        FileEdit edit = ImageEdits.helmValues(null, "image.tag", null, V);

        assertThatThrownBy(() -> edit.apply("values.yaml", "image: nginx:1.25\n"))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("values.yaml")
                .hasMessageContaining("goes through image at line 1, which is a scalar");
        assertThatThrownBy(() -> edit.apply("values.yaml", "image:\n  - a\n"))
                .hasMessageContaining("which is a sequence");
    }

    @Test
    void theTargetOfAKeyPathMustBeAScalar() {
        FileEdit edit = ImageEdits.helmValues(null, "image.tag", null, V);

        assertThatThrownBy(() -> edit.apply("values.yaml", "image:\n  tag:\n    major: 1\n"))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("image.tag at line 2 is a mapping, not a scalar value");
    }

    @Test
    void kustomizeImagesMustBeAList() {
        FileEdit edit = ImageEdits.kustomize("app", null, V, true, false);

        assertThatThrownBy(() -> edit.apply("kustomization.yaml", "images:\n  app: 1.0\n"))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("'images' at line 2 is not a list");
    }

    @Test
    void invalidYamlIsATerminalError() {
        FileEdit edit = ImageEdits.helmValues(null, "image.tag", null, V);

        assertThatThrownBy(() -> edit.apply("values.yaml", "image: [unclosed\n"))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("values.yaml: not valid YAML");
    }

    @Test
    void ambiguousOrSharedValuesAreNotGuessed() {
        FileEdit edit = ImageEdits.helmValues(null, "image.tag", null, V);

        assertThatThrownBy(() -> edit.apply("values.yaml", "image:\n  tag: a\n  tag: b\n"))
                .hasMessageContaining("duplicate key 'tag'");
        assertThatThrownBy(() -> edit.apply("values.yaml", "base: &v \"1.0\"\nimage:\n  tag: *v\n"))
                .hasMessageContaining("is an alias");
        assertThatThrownBy(() -> edit.apply("values.yaml", "image:\n  tag: |\n    1.0\n"))
                .hasMessageContaining("block scalar");
    }

    @Test
    void anEmptyFileGetsTheWholePath() throws Exception {
        FileEdit edit = ImageEdits.helmValues("image.repository", "image.tag", null, V);

        assertThat(edit.apply("values.yaml", "")).isEqualTo("image:\n  repository: registry.example/team/app\n"
                + "  tag: 1.2.4\n");
        assertThat(edit.apply("values.yaml", "# only a comment")).isEqualTo("# only a comment\nimage:\n"
                + "  repository: registry.example/team/app\n  tag: 1.2.4\n");
    }

    @Test
    void anEmptyKustomizationGetsTheImagesList() throws Exception {
        FileEdit edit = ImageEdits.kustomize("app", "registry.example/team/app", V, true, false);

        assertThat(edit.apply("kustomization.yaml", "")).isEqualTo(
                "images:\n- name: app\n  newName: registry.example/team/app\n  newTag: 1.2.4\n");
    }

    @Test
    void markersWriteDigestsAndKeepSingleQuotes() throws Exception {
        String digest = "sha256:" + "c".repeat(64);
        ImageVersion v = new ImageVersion("registry.example/team/app", "1.2.4", digest);
        String yaml = "image: 'registry.example/team/app:1.2.3' # {\"conveyor.dev/image-policy\": \"p\"}\n";

        assertThat(ImageEdits.markers("p", v, false, true).apply("a.yaml", yaml))
                .isEqualTo("image: 'registry.example/team/app@" + digest + "'"
                        + " # {\"conveyor.dev/image-policy\": \"p\"}\n");
    }

    @Test
    void partsThatAreNotThereCannotBeAskedFor() {
        ImageVersion digestOnly = new ImageVersion("app", null, "sha256:" + "d".repeat(64));

        assertThatThrownBy(() -> ImageEdits.markers("p", digestOnly, true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no tag");
        assertThatThrownBy(() -> ImageEdits.kustomize("app", null, digestOnly, true, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageEdits.helmValues(null, null, null, digestOnly))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageEdits.helmValues(null, "image..tag", null, V))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainScalarsStayPlainOnlyWhileTheyReadBackAsTheSameString() {
        assertThat(ScalarText.plainOrQuoted("1.2.3")).isEqualTo("1.2.3");
        assertThat(ScalarText.plainOrQuoted("v1.2")).isEqualTo("v1.2");
        assertThat(ScalarText.plainOrQuoted("registry.example:5000/team/app"))
                .isEqualTo("registry.example:5000/team/app");
        assertThat(ScalarText.plainOrQuoted("sha256:abc")).isEqualTo("sha256:abc");
        assertThat(ScalarText.plainOrQuoted("1.20")).isEqualTo("\"1.20\"");
        assertThat(ScalarText.plainOrQuoted("20240102")).isEqualTo("\"20240102\"");
        assertThat(ScalarText.plainOrQuoted("1e5")).isEqualTo("\"1e5\"");
        assertThat(ScalarText.plainOrQuoted("0x1F")).isEqualTo("\"0x1F\"");
        assertThat(ScalarText.plainOrQuoted("2024-01-02")).isEqualTo("\"2024-01-02\"");
        assertThat(ScalarText.plainOrQuoted("yes")).isEqualTo("\"yes\"");
        assertThat(ScalarText.plainOrQuoted("null")).isEqualTo("\"null\"");
        assertThat(ScalarText.plainOrQuoted("1:20")).isEqualTo("\"1:20\"");
        assertThat(ScalarText.as(org.snakeyaml.engine.v2.common.ScalarStyle.SINGLE_QUOTED, "it's"))
                .isEqualTo("'it''s'");
        assertThat(ScalarText.doubleQuoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void imageVersionsAreValidated() {
        assertThatThrownBy(() -> new ImageVersion("app", "bad tag", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageVersion("app", null, "md5:x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageVersion("app@sha256", "1", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ImageVersion("app", "1", "sha256:" + "e".repeat(64)).reference(true, true))
                .isEqualTo("app:1@sha256:" + "e".repeat(64));
    }

    @Test
    void aMissingFieldOfAnExistingEntryGoesAfterItsLastField() throws Exception {
        String yaml = "images:\n- name: app\n  newName: registry.example/team/app   # moved\n"
                + "- name: other\n  newTag: v1\n";

        assertThat(ImageEdits.kustomize("app", null, V, true, false).apply("k.yaml", yaml)).isEqualTo(
                "images:\n- name: app\n  newName: registry.example/team/app   # moved\n  newTag: 1.2.4\n"
                        + "- name: other\n  newTag: v1\n");
    }

    @Test
    void aKeyMissingFromAMappingWithAMergeKeyIsNotShadowed() {
        String yaml = "defaults: &d\n  image:\n    repository: a\n    tag: \"1\"\napp:\n  <<: *d\n  replicas: 2\n";

        assertThatThrownBy(() -> ImageEdits.helmValues(null, "app.image.tag", null, V).apply("values.yaml", yaml))
                .isInstanceOf(EditException.class)
                .hasMessageContaining("merges another (<<)");
    }

    @Test
    void tagAndDigestMarkersAreWrittenOnlyWhenThatPartIs() throws Exception {
        String digest = "sha256:" + "a".repeat(64);
        ImageVersion v = new ImageVersion("app", "2.0.0", digest);
        String yaml = "tag: 1.0.0 # {\"conveyor.dev/image-policy\": \"p:tag\"}\n"
                + "digest: none # {\"conveyor.dev/image-policy\": \"p:digest\"}\n";

        assertThat(ImageEdits.markers("p", v, false, true).apply("a.yaml", yaml))
                .isEqualTo(yaml.replace("none", digest));
        assertThat(ImageEdits.markers("p", v, true, false).apply("a.yaml", yaml))
                .isEqualTo(yaml.replace("1.0.0", "2.0.0"));
    }
}
