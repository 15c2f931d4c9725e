package dev.conveyor.bench;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.EventCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/** Reads a topic on a daemon thread and hands every Conveyor event, with its arrival time (nanoTime), to a callback. */
final class EventFollower {

    private EventFollower() {
    }

    /**
     * @param offsetReset {@code earliest} or {@code latest} for the follower's own new consumer group
     * @param running     the follower stops when this turns false
     */
    static Thread start(String bootstrap, String topic, String offsetReset, AtomicBoolean running,
                        BiConsumer<ConveyorEvent, Long> onEvent) {
        CloudEventDeserializer values = new CloudEventDeserializer();
        values.configure(Map.of(), false);
        KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-follower-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset), new StringDeserializer(), values);
        Thread t = new Thread(() -> {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<String, CloudEvent> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    ConveyorEvent event;
                    try {
                        event = EventCodec.fromCloudEvent(r.value()).event();
                    } catch (RuntimeException notOurs) {
                        continue;
                    }
                    onEvent.accept(event, now);
                }
            }
            consumer.close();
        }, "bench-follower");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
