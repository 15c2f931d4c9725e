package dev.conveyor.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every registered type has a schema, a record and an example; examples validate; records write valid JSON. */
class SchemaContractTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static JsonSchema schemaOf(EventType type) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema %s", type.schemaResource()).isNotNull();
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return FACTORY.getSchema(in, config);
        }
    }

    static JsonNode example(EventType type) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(type.exampleResource())) {
            assertThat(in).as("example %s", type.exampleResource()).isNotNull();
            return EventCodec.json().readTree(in);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void exampleValidatesAgainstItsSchema(EventType type) throws IOException {
        Set<ValidationMessage> errors = schemaOf(type).validate(example(type));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void exampleParsesIntoTheRecordAndWritesBackValidJson(EventType type) throws IOException {
        JsonNode example = example(type);
        ConveyorEvent event = EventCodec.fromJson(EventCodec.json().writeValueAsBytes(example), type.recordClass());
        assertThat(event.eventType()).isEqualTo(type);
        JsonNode written = EventCodec.json().readTree(EventCodec.toJson(event));
        assertThat(schemaOf(type).validate(written)).isEmpty();
        // Nothing the record knows is lost on the way through.
        assertThat(written).isEqualTo(example);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRejectsAnExampleWithoutItsRequiredFields(EventType type) throws IOException {
        JsonNode required = EventCodec.json().readTree(getClass().getResourceAsStream(type.schemaResource())).get("required");
        assertThat(required).isNotEmpty();
        for (JsonNode field : required) {
            ObjectNode broken = (ObjectNode) example(type);
            broken.remove(field.asText());
            assertThat(schemaOf(type).validate(broken)).as("without %s", field.asText()).isNotEmpty();
        }
    }

    @Test
    void imageTaggedSchemaRejectsMalformedDigest() throws IOException {
        ObjectNode broken = (ObjectNode) example(EventType.IMAGE_TAGGED);
        broken.put("digest", "sha256:xxxx");
        assertThat(schemaOf(EventType.IMAGE_TAGGED).validate(broken)).isNotEmpty();
    }

    @Test
    void ceTypesAreUniqueAndVersioned() {
        assertThat(Stream.of(EventType.values()).map(EventType::ceType).distinct().count()).isEqualTo(EventType.values().length);
        assertThat(EventType.values()).allSatisfy(t -> assertThat(t.ceType()).matches("dev\\.conveyor\\.[a-z.]+\\.v[0-9]+"));
        assertThat(EventType.ofCeType("dev.conveyor.commit.pushed.v1")).contains(EventType.COMMIT_PUSHED);
        assertThat(EventType.ofCeType("dev.conveyor.commit.pushed.v9")).isEmpty();
    }

    /**
     * The versioning rule in practice: examples of every earlier release are kept under examples-history and must
     * still parse into today's records and validate against today's schema of the same version.
     */
    @Test
    void historicExamplesStillParseAndValidate() throws Exception {
        Path dir = Paths.get(URI.create(getClass().getResource("/dev/conveyor/events/examples-history").toString()));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            String name = file.getFileName().toString();
            EventType type = Stream.of(EventType.values()).filter(t -> name.startsWith(t.schemaName() + "."))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " names no registered schema version"));
            byte[] bytes = Files.readAllBytes(file);
            assertThat(schemaOf(type).validate(EventCodec.json().readTree(bytes))).as(name).isEmpty();
            assertThat(EventCodec.fromJson(bytes, type.recordClass())).as(name).isNotNull();
        }
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() throws IOException {
        ObjectNode newer = (ObjectNode) example(EventType.IMAGE_TAGGED);
        newer.put("someFieldAddedLater", "x");
        ImageTagged event = EventCodec.fromJson(EventCodec.json().writeValueAsBytes(newer), ImageTagged.class);
        assertThat(event.tag()).isEqualTo("1.4.2");
    }
}
