package dev.conveyor.testing.kafka;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Publishes events to the shared real broker exactly as a Conveyor service does (CloudEvents binary mode, the type's
 * topic and key), for tests that play the part of an upstream service.
 */
public final class TestEvents {

    private static KafkaProducer<String, CloudEvent> producer;

    private TestEvents() {
    }

    /** Publishes {@code event} with the given {@code ce_id} and waits for the broker's acknowledgement. */
    public static void publish(String id, ConveyorEvent event) {
        publish(id, event, null);
    }

    /**
     * Publishes {@code event} as sent within the trace {@code traceparent} (a W3C {@code traceparent} header value, or
     * null for none), the way an upstream service does.
     */
    public static void publish(String id, ConveyorEvent event, String traceparent) {
        Envelope<ConveyorEvent> envelope = new Envelope<>(id, URI.create("/conveyor/test"),
                OffsetDateTime.now(ZoneOffset.UTC), event);
        try {
            ProducerRecord<String, CloudEvent> record = EventCodec.toRecord(envelope);
            if (traceparent != null) record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + id, e);
        }
    }

    private static synchronized KafkaProducer<String, CloudEvent> producer() {
        if (producer == null) {
            CloudEventSerializer serializer = new CloudEventSerializer();
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
        }
        return producer;
    }
}
