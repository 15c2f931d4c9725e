package dev.conveyor.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns events into CloudEvents and back: JSON body, {@code ce_*} context attributes. On Kafka the CloudEvents
 * binary mode ({@code io.cloudevents.kafka.CloudEventSerializer}) carries the attributes as {@code ce_*} headers and
 * the JSON as the record value.
 */
public final class EventCodec {

    public static final String CONTENT_TYPE = "application/json";

    /**
     * Unknown fields are ignored on read, so a consumer built against an older record keeps reading events that a
     * newer producer wrote with additive changes (see schemas/README.md).
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventCodec() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static byte[] toJson(ConveyorEvent event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + event.eventType(), e);
        }
    }

    public static <T extends ConveyorEvent> T fromJson(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static CloudEvent toCloudEvent(Envelope<?> envelope) {
        ConveyorEvent event = envelope.event();
        return CloudEventBuilder.v1()
                .withId(envelope.id())
                .withType(event.eventType().ceType())
                .withSource(envelope.source())
                .withSubject(event.subject())
                .withTime(envelope.time())
                .withDataContentType(CONTENT_TYPE)
                .withData(toJson(event))
                .build();
    }

    /** A Kafka record on the event type's topic, keyed as the type defines. */
    public static ProducerRecord<String, CloudEvent> toRecord(Envelope<?> envelope) {
        ConveyorEvent event = envelope.event();
        return new ProducerRecord<>(event.eventType().topic(), event.partitionKey(), toCloudEvent(envelope));
    }

    /**
     * Reads a CloudEvent of a known type back into an envelope.
     *
     * @throws IllegalArgumentException for an unknown {@code ce_type} or a body that does not parse
     */
    public static Envelope<ConveyorEvent> fromCloudEvent(CloudEvent cloudEvent) {
        EventType type = EventType.ofCeType(cloudEvent.getType())
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + cloudEvent.getType()));
        CloudEventData data = cloudEvent.getData();
        if (data == null) {
            throw new IllegalArgumentException("event " + cloudEvent.getId() + " has no data");
        }
        ConveyorEvent event = fromJson(data.toBytes(), type.recordClass());
        return new Envelope<>(cloudEvent.getId(), cloudEvent.getSource(), cloudEvent.getTime(), event);
    }
}
