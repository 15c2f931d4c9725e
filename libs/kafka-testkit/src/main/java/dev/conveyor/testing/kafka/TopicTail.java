package dev.conveyor.testing.kafka;

import dev.conveyor.events.EventCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads the events that a test expects on a topic, starting from where the topic ended when the tail was opened, so
 * that tests sharing one broker do not see each other's events. Decodes each record as a CloudEvent in binary mode,
 * exactly as a consumer service would.
 */
public final class TopicTail implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final CloudEventDeserializer cloudEvents = new CloudEventDeserializer();
    private final List<ReceivedEvent> buffered = new ArrayList<>();

    private TopicTail(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        cloudEvents.configure(Map.of(), false);
        List<TopicPartition> partitions = partitionsOf(topic);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, not lazily at the first poll
    }

    /** A tail of {@code topic} on the shared embedded broker, positioned at the topic's current end. */
    public static TopicTail fromNow(String topic) {
        return new TopicTail(EmbeddedKafka.bootstrapServers(), topic);
    }

    public static TopicTail fromNow(String bootstrapServers, String topic) {
        return new TopicTail(bootstrapServers, topic);
    }

    private List<TopicPartition> partitionsOf(String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
        }
    }

    /** Waits until {@code count} events have arrived since the tail opened and returns exactly those. */
    public List<ReceivedEvent> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (buffered.size() < count && System.nanoTime() < deadline) {
            pollOnce(Duration.ofMillis(200));
        }
        if (buffered.size() < count) {
            throw new AssertionError("expected " + count + " events on " + topic + " within " + timeout
                    + " but got " + buffered.size() + ": " + describe(buffered));
        }
        List<ReceivedEvent> result = new ArrayList<>(buffered.subList(0, count));
        buffered.subList(0, count).clear();
        return result;
    }

    /** Waits for the first event matching {@code predicate}; events before it are dropped. */
    public ReceivedEvent awaitMatching(Predicate<ReceivedEvent> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < buffered.size(); i++) {
                if (predicate.test(buffered.get(i))) {
                    ReceivedEvent found = buffered.get(i);
                    buffered.subList(0, i + 1).clear();
                    return found;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching event on " + topic + " within " + timeout + "; saw " + describe(buffered));
            }
            pollOnce(Duration.ofMillis(200));
        }
    }

    /** Reads for {@code window} and returns everything that arrived (for asserting that nothing, or nothing more, was published). */
    public List<ReceivedEvent> drain(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            pollOnce(Duration.ofMillis(100));
        }
        List<ReceivedEvent> result = new ArrayList<>(buffered);
        buffered.clear();
        return result;
    }

    private void pollOnce(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : record.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            CloudEvent ce = cloudEvents.deserialize(record.topic(), record.headers(), record.value());
            buffered.add(new ReceivedEvent(record.topic(), record.partition(), record.offset(), record.key(), headers,
                    record.value(), EventCodec.fromCloudEvent(ce)));
        }
    }

    private static String describe(List<ReceivedEvent> events) {
        return events.stream().map(e -> e.header("ce_type") + "/" + e.header("ce_id")).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
