package dev.conveyor.local;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.EventCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Follows Conveyor's topics on the local broker and prints every event as it arrives, the way a consumer service reads it. */
final class EventPrinter implements AutoCloseable {

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch assigned = new CountDownLatch(1);

    EventPrinter(String bootstrapServers, Collection<String> topics, Consumer<String> out) {
        CloudEventDeserializer values = new CloudEventDeserializer();
        values.configure(Map.of(), false);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "conveyor-local-printer-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), values);
        thread = new Thread(() -> {
            consumer.subscribe(topics);
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!consumer.assignment().isEmpty()) assigned.countDown();
                for (ConsumerRecord<String, CloudEvent> r : records) {
                    CloudEvent ce = r.value();
                    String detail;
                    try {
                        ConveyorEvent e = EventCodec.fromCloudEvent(ce).event();
                        detail = e.toString();
                    } catch (RuntimeException unknown) {
                        detail = "(" + unknown.getMessage() + ")";
                    }
                    out.accept(String.format("  ← %s on %s[%d]@%d key=%s%n      ce_id=%s ce_subject=%s%n      %s",
                            ce.getType(), r.topic(), r.partition(), r.offset(), r.key(), ce.getId(), ce.getSubject(), detail));
                }
            }
            consumer.close();
        }, "event-printer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the consumer has its partitions, so that nothing sent afterwards is missed. */
    boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
