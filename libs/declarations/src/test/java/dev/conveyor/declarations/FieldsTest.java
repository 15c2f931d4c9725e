package dev.conveyor.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

import org.junit.jupiter.api.Test;

class FieldsTest {

    private static JsonNode yaml(String text) throws Exception {
        return Documents.YAML.readTree(text);
    }

    @Test
    void readsTypedFieldsAndNamesTheFieldWhenTheTypeIsWrong() throws Exception {
        JsonNode n = yaml("{s: text, i: 2, d: 1.10, b: true, l: [a, 1], o: {k: v}, nul: null}");

        assertThat(Fields.text(n, "spec", "s")).isEqualTo("text");
        assertThat(Fields.text(n, "spec", "i")).isEqualTo("2");
        assertThat(Fields.text(n, "spec", "d")).isEqualTo("1.10");
        assertThat(Fields.text(n, "spec", "nul")).isNull();
        assertThat(Fields.text(n, "spec", "absent")).isNull();
        assertThat(Fields.bool(n, "spec", "b", false)).isTrue();
        assertThat(Fields.bool(n, "spec", "absent", true)).isTrue();
        assertThat(Fields.textList(n, "spec", "l")).containsExactly("a", "1");
        assertThat(Fields.textMap(n, "spec", "o")).containsEntry("k", "v");

        assertThatThrownBy(() -> Fields.text(n, "spec", "o")).hasMessage("spec.o: must be a scalar, not an object");
        assertThatThrownBy(() -> Fields.bool(n, "spec", "s", false)).hasMessage("spec.s: must be true or false");
        assertThatThrownBy(() -> Fields.list(n, "spec", "s")).hasMessage("spec.s: must be a list");
        assertThatThrownBy(() -> Fields.requireObject(n, "spec", "absent")).hasMessage("spec.absent: is required");
        assertThatThrownBy(() -> Fields.requireText(n, "", "nul")).hasMessage("nul: is required");
    }

    @Test
    void allowOnlyNamesTheUnknownFieldAndTheAllowedOnes() throws Exception {
        assertThatThrownBy(() -> Fields.allowOnly(yaml("{path: a, pth: b}"), "spec.source", Set.of("path", "repoURL")))
                .isInstanceOfSatisfying(DeclarationException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.source.pth");
                    assertThat(e.reason()).isEqualTo("unknown field (allowed: path, repoURL)");
                });
    }

    @Test
    void relativePathsStayInside() throws Exception {
        assertThat(Fields.relativePath("./deploy/dev/", "p")).isEqualTo("deploy/dev");
        assertThat(Fields.relativePath("a..b/c", "p")).isEqualTo("a..b/c");
        for (String bad : new String[] {"/etc", "../x", "a/../../b", "https://h/x", "C:\\x"}) {
            assertThatThrownBy(() -> Fields.relativePath(bad, "p")).as(bad).isInstanceOf(DeclarationException.class);
        }
    }

    @Test
    void dns1123Labels() {
        assertThat(Fields.isDns1123Label("payments-dev")).isTrue();
        assertThat(Fields.isDns1123Label("a".repeat(63))).isTrue();
        assertThat(Fields.isDns1123Label("a".repeat(64))).isFalse();
        assertThat(Fields.isDns1123Label("Pay")).isFalse();
        assertThat(Fields.isDns1123Label("-pay")).isFalse();
        assertThat(Fields.isDns1123Label("pay.dev")).isFalse();
    }
}
