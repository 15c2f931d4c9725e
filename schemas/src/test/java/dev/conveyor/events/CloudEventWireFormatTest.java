package dev.conveyor.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes every service puts on Kafka: binary-mode CloudEvents, ce_* headers, JSON value, defined keys and topics. */
class CloudEventWireFormatTest {

    private final CommitPushed commit = new CommitPushed("https://github.com/acme/payments", "refs/heads/main",
            RefType.BRANCH, "main", "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
            List.of(), new Person("ada", null, "ada"), "github", false, false, false, null);

    @Test
    void binaryModeCarriesContextAttributesAsCeHeaders() {
        Envelope<CommitPushed> envelope = new Envelope<>("github:72d3162e-cc78-11e3-81ab-4c9367dc0958",
                URI.create("/conveyor/webhook-ingest/github"), OffsetDateTime.parse("2026-11-25T10:00:00Z"), commit);
        ProducerRecord<String, CloudEvent> record = EventCodec.toRecord(envelope);
        assertThat(record.topic()).isEqualTo(Topics.COMMITS);
        assertThat(record.key()).isEqualTo("https://github.com/acme/payments");

        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serializer.serialize(record.topic(), headers, record.value());

        assertThat(header(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(headers, "ce_id")).isEqualTo("github:72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThat(header(headers, "ce_type")).isEqualTo("dev.conveyor.commit.pushed.v1");
        assertThat(header(headers, "ce_source")).isEqualTo("/conveyor/webhook-ingest/github");
        assertThat(header(headers, "ce_subject")).isEqualTo("refs/heads/main");
        assertThat(header(headers, "ce_time")).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(header(headers, "content-type")).isEqualTo("application/json");
        assertThat(new String(value, StandardCharsets.UTF_8)).startsWith("{\"repository\":\"https://github.com/acme/payments\"");

        CloudEventDeserializer deserializer = new CloudEventDeserializer();
        deserializer.configure(Map.of(), false);
        Envelope<ConveyorEvent> back = EventCodec.fromCloudEvent(deserializer.deserialize(record.topic(), headers, value));
        assertThat(back.event()).isEqualTo(commit);
        assertThat(back.id()).isEqualTo(envelope.id());
    }

    @Test
    void imagesAreKeyedByRegistryAndRepository() {
        ImageTagged image = new ImageTagged("ghcr.io", "acme/api", "1.2.3", null, null, "ghcr", null);
        assertThat(image.partitionKey()).isEqualTo("ghcr.io/acme/api");
        assertThat(image.eventType().topic()).isEqualTo(Topics.IMAGES);
        assertThat(image.subject()).isEqualTo("1.2.3");
    }

    private static String header(RecordHeaders headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
