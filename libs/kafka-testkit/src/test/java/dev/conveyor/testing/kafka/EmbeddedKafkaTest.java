package dev.conveyor.testing.kafka;

import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.events.Topics;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared broker is a real KRaft Kafka: an event produced through the real client is read back by TopicTail. */
class EmbeddedKafkaTest {

    @Test
    void roundTripThroughTheRealBroker() throws Exception {
        String bootstrap = EmbeddedKafka.bootstrapServers();
        assertThat(bootstrap).startsWith("localhost:").doesNotContain("0.0.0.0");
        assertThat(EmbeddedKafka.bootstrapServers()).as("one broker per JVM").isEqualTo(bootstrap);

        ImageTagged image = new ImageTagged("registry.local:5000", "team/app", "2.0.0", null, null, "distribution", null);
        Envelope<ImageTagged> envelope = new Envelope<>("test-1", URI.create("/test"), OffsetDateTime.now(), image);
        createTopic(bootstrap);
        try (TopicTail tail = TopicTail.fromNow(Topics.IMAGES);
             KafkaProducer<String, CloudEvent> producer = producer(bootstrap)) {
            producer.send(EventCodec.toRecord(envelope)).get();
            List<ReceivedEvent> received = tail.await(1, Duration.ofSeconds(20));
            assertThat(received.get(0).key()).isEqualTo("registry.local:5000/team/app");
            assertThat(received.get(0).header("ce_type")).isEqualTo("dev.conveyor.image.tagged.v1");
            assertThat(received.get(0).event(ImageTagged.class)).isEqualTo(image);
            assertThat(tail.drain(Duration.ofMillis(300))).isEmpty();
        }
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(Topics.IMAGES)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(Topics.IMAGES, 3, (short) 1))).all().get();
            }
        }
    }

    private static KafkaProducer<String, CloudEvent> producer(String bootstrap) {
        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
    }
}
