package dev.conveyor.testing.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.EventType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that an event a service produced satisfies its published JSON Schema (networknt json-schema-validator,
 * draft 2020-12), so that no service can emit what the contract does not allow.
 */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<EventType, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The validation errors of {@code event} as it is serialised on the wire; empty when it conforms. */
    public static Set<ValidationMessage> validate(ConveyorEvent event) {
        try {
            JsonNode json = EventCodec.json().readTree(EventCodec.toJson(event));
            return SCHEMAS.computeIfAbsent(event.eventType(), EventSchemas::load).validate(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws an AssertionError naming every violation when {@code event} does not satisfy its schema. */
    public static void assertConforms(ConveyorEvent event) {
        Set<ValidationMessage> errors = validate(event);
        if (!errors.isEmpty()) {
            throw new AssertionError(event.eventType().schemaName() + " violated: " + errors + " by " + event);
        }
    }

    private static JsonSchema load(EventType type) {
        try (InputStream in = EventType.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) throw new IllegalStateException("missing schema " + type.schemaResource());
            return FACTORY.getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
