package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.ingest.domain.Headers;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.Provider;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The webhook fixtures of ../shared/fixtures/webhooks (directory from the system property {@code conveyor.fixtures.dir},
 * which surefire sets), requests built around them, and a check of produced events against the event JSON Schemas.
 */
final class Fixtures {

    static final String DIR_PROPERTY = "conveyor.fixtures.dir";
    private static final String DEFAULT_DIR = "../../../shared/fixtures/webhooks";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static Path dir() {
        return Path.of(System.getProperty(DIR_PROPERTY, DEFAULT_DIR));
    }

    /** The exact bytes of a fixture, e.g. {@code github/push-force.argocd.json}. */
    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + relative + " under " + dir().toAbsolutePath(), e);
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        return parse(bytes(relative));
    }

    /** A parsed copy of a fixture to modify (for variants the published examples do not show). */
    static ObjectNode mutable(String relative) {
        return (ObjectNode) json(relative).deepCopy();
    }

    static byte[] toBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the fixture files of one provider directory, e.g. {@code github}. */
    static Set<String> files(String providerDir) {
        try (Stream<Path> s = Files.list(dir().resolve(providerDir))) {
            Set<String> out = new TreeSet<>();
            s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .forEach(p -> out.add(p.getFileName().toString()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebhookRequest request(Provider provider, byte[] body, String... headerPairs) {
        return new WebhookRequest(provider, Headers.of(headerPairs), body);
    }

    /** Normalises a fixture file as the service would: exact bytes, parsed body, the given headers. */
    static Normalised normalise(Normaliser normaliser, Provider provider, String relative, String... headerPairs)
            throws MalformedWebhookException {
        byte[] body = bytes(relative);
        return normaliser.normalise(request(provider, body, headerPairs), parse(body));
    }

    static Normalised normalise(Normaliser normaliser, Provider provider, JsonNode body, String... headerPairs)
            throws MalformedWebhookException {
        byte[] bytes = toBytes(body);
        return normaliser.normalise(request(provider, bytes, headerPairs), parse(bytes));
    }

    /** The events of a result, each checked against its JSON Schema. */
    static List<ConveyorEvent> events(Normalised result) {
        assertThat(result).isInstanceOf(Normalised.Events.class);
        List<ConveyorEvent> events = ((Normalised.Events) result).events();
        events.forEach(Fixtures::assertSatisfiesSchema);
        return events;
    }

    static List<CommitPushed> commitsPushed(Normalised result) {
        List<CommitPushed> out = new ArrayList<>();
        for (ConveyorEvent e : events(result)) {
            assertThat(e).isInstanceOf(CommitPushed.class);
            out.add((CommitPushed) e);
        }
        return out;
    }

    static CommitPushed onlyCommitPushed(Normalised result) {
        List<CommitPushed> events = commitsPushed(result);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static List<ImageTagged> imagesTagged(Normalised result) {
        List<ImageTagged> out = new ArrayList<>();
        for (ConveyorEvent e : events(result)) {
            assertThat(e).isInstanceOf(ImageTagged.class);
            out.add((ImageTagged) e);
        }
        return out;
    }

    static ImageTagged onlyImageTagged(Normalised result) {
        List<ImageTagged> events = imagesTagged(result);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static Normalised.Ignored ignored(Normalised result) {
        assertThat(result).isInstanceOf(Normalised.Ignored.class);
        Normalised.Ignored ignored = (Normalised.Ignored) result;
        assertThat(ignored.reason()).isNotBlank();
        return ignored;
    }

    /** Serialises the event as it goes on the wire and checks it against its schema from conveyor-schemas. */
    static void assertSatisfiesSchema(ConveyorEvent event) {
        dev.conveyor.testing.kafka.EventSchemas.assertConforms(event);
    }
}
