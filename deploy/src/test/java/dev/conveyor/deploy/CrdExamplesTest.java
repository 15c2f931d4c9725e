package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.conveyor.deploy.RenderedObjects.Obj;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRDs accept the declarations the services' documentation shows (the examples the parsers accept), and refuse
 * obviously wrong ones — so the schemas are neither stricter than the parsers nor empty. The OpenAPI v3 subset of a
 * CRD schema is checked as JSON Schema (draft 4); the x-kubernetes-* extensions are not evaluated.
 */
class CrdExamplesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    static final List<String> DOCS = List.of("docs/syncer.md", "docs/image-watcher.md", "docs/promoter.md", "docs/notifier.md");

    static Map<String, JsonSchema> schemas() {
        Map<String, JsonSchema> out = new HashMap<>();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        for (Obj o : KustomizeOverlaysTest.render("small")) {
            if (o.kind().equals("CustomResourceDefinition")) {
                JsonNode schema = o.tree().path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
                out.put(o.tree().path("spec").path("names").path("kind").asText(), factory.getSchema(schema));
            }
        }
        return out;
    }

    static List<JsonNode> examples() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String doc : DOCS) {
            Matcher m = YAML_BLOCK.matcher(Repo.read(doc));
            while (m.find()) {
                for (JsonNode node : YAML.readerFor(JsonNode.class).readValues(m.group(1)).readAll().stream()
                        .map(JsonNode.class::cast).toList()) {
                    if (node != null && node.path("apiVersion").asText().equals("conveyor.dev/v1alpha1")) {
                        ((ObjectNode) node).put("x-source", doc);
                        out.add(node);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theDocumentedDeclarationsAreValidAgainstTheCrds() throws IOException {
        Map<String, JsonSchema> schemas = schemas();
        List<JsonNode> examples = examples();
        Set<String> kinds = new java.util.TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode example : examples) {
            String kind = example.path("kind").asText();
            JsonSchema schema = schemas.get(kind);
            if (schema == null) {
                continue; // ApplicationSet: no CRD (generators are expanded by the loader)
            }
            kinds.add(kind);
            String source = example.path("x-source").asText();
            ((ObjectNode) example).remove("x-source");
            for (ValidationMessage v : schema.validate(example)) {
                problems.add(source + " " + kind + "/" + example.path("metadata").path("name").asText() + ": " + v.getMessage());
            }
        }
        assertThat(kinds).as("kinds with documented examples").containsExactlyInAnyOrder("Application", "ImagePolicy", "Pipeline", "Subscription");
        assertThat(problems).as("documented declarations the CRDs refuse").isEmpty();
    }

    @Test
    void theCrdsRefuseWrongDeclarations() throws IOException {
        Map<String, JsonSchema> schemas = schemas();
        Map<String, String> wrong = Map.of(
                "Application", "{apiVersion: conveyor.dev/v1alpha1, kind: Application, metadata: {name: a}, spec: {source: {repoURL: x, type: Jsonnet}, destination: {}}}",
                "ImagePolicy", "{apiVersion: conveyor.dev/v1alpha1, kind: ImagePolicy, metadata: {name: a}, spec: {image: nginx, strategy: {semver: {range: '^1'}, numerical: {}}, writeBack: {repoURL: x, branch: main, path: a.yaml}}}",
                "Pipeline", "{apiVersion: conveyor.dev/v1alpha1, kind: Pipeline, metadata: {name: a}, spec: {images: [{image: nginx}], stages: [{name: Dev, application: a, writeBack: {repoURL: x, branch: main, path: a.yaml}}]}}",
                "Subscription", "{apiVersion: conveyor.dev/v1alpha1, kind: Subscription, metadata: {name: a}, spec: {events: [dev.conveyor.sync.completed.v1], destinations: [s], severity: {default: panic}}}");
        for (Map.Entry<String, String> e : wrong.entrySet()) {
            assertThat(schemas.get(e.getKey()).validate(YAML.readTree(e.getValue()))).as(e.getKey() + " wrong declaration").isNotEmpty();
        }
        JsonNode noSpec = YAML.readTree("{apiVersion: conveyor.dev/v1alpha1, kind: Application, metadata: {name: a}}");
        assertThat(schemas.get("Application").validate(noSpec)).isNotEmpty();
    }
}
