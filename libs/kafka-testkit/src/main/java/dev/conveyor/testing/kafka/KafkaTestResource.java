package dev.conveyor.testing.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the shared real broker: {@code @QuarkusTestResource(KafkaTestResource.class)}.
 * Sets {@code kafka.bootstrap.servers}, which both the Quarkus Kafka client and SmallRye Reactive Messaging read.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", EmbeddedKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker is shared by every test class in this JVM and closed at JVM exit.
    }
}
