package dev.conveyor.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static final Map<String, String> VALUES = Map.of("name", "pay", "path", "apps/pay", "path.basename", "pay");

    @Test
    void substitutesEveryPlaceholder() throws Exception {
        assertThat(Placeholders.render("{{name}}", VALUES, "f")).isEqualTo("pay");
        assertThat(Placeholders.render("a-{{ name }}-{{path.basename}}/{{path}}", VALUES, "f"))
                .isEqualTo("a-pay-pay/apps/pay");
        assertThat(Placeholders.render("no placeholders { } }}", VALUES, "f")).isEqualTo("no placeholders { } }}");
        assertThat(Placeholders.render("", VALUES, "f")).isEmpty();
    }

    @Test
    void valuesAreNotRenderedAgain() throws Exception {
        assertThat(Placeholders.render("{{a}}", Map.of("a", "{{b}}", "b", "x"), "f")).isEqualTo("{{b}}");
    }

    @Test
    void unknownAndUnclosedPlaceholdersAreErrorsNamingTheField() {
        assertThatThrownBy(() -> Placeholders.render("x-{{nmae}}", VALUES, "spec.template.metadata.name"))
                .isInstanceOfSatisfying(DeclarationException.class, e -> {
                    assertThat(e.field()).isEqualTo("spec.template.metadata.name");
                    assertThat(e.reason()).isEqualTo("unknown placeholder {{nmae}} (known: name, path, path.basename)");
                });
        assertThatThrownBy(() -> Placeholders.render("x-{{name}", VALUES, "f"))
                .hasMessageContaining("unclosed placeholder");
        assertThatThrownBy(() -> Placeholders.render("{{ {{name}}", VALUES, "f"))
                .hasMessageContaining("unclosed placeholder");
    }

    @Test
    void rendersStringValuesOfATreeAndLeavesOtherValuesAlone() throws Exception {
        JsonNode template = Documents.YAML.readTree("""
                metadata: {name: "{{name}}"}
                spec:
                  replicas: 2
                  enabled: true
                  list: ["{{path}}", 3]
                  "{{name}}": key-not-rendered
                """);

        JsonNode out = Placeholders.render(template, VALUES, "t");

        assertThat(out.toString()).isEqualTo("{\"metadata\":{\"name\":\"pay\"},\"spec\":{\"replicas\":2,"
                + "\"enabled\":true,\"list\":[\"apps/pay\",3],\"{{name}}\":\"key-not-rendered\"}}");
        assertThat(template.at("/metadata/name").asText()).as("template untouched").isEqualTo("{{name}}");
        assertThatThrownBy(() -> Placeholders.render(template, Map.of("path", "p"), "spec.template"))
                .isInstanceOfSatisfying(DeclarationException.class,
                        e -> assertThat(e.field()).isEqualTo("spec.template.metadata.name"));
    }

    @Test
    void flattensNestedElementFieldsToDottedKeys() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        Placeholders.flatten(Documents.YAML.readTree("{a: 1, b: {c: x, d: {e: true}}, l: [1, 2]}"), "", values, "el");
        assertThat(values).containsExactly(Map.entry("a", "1"), Map.entry("b.c", "x"), Map.entry("b.d.e", "true"));
    }
}
