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
            // A topic being auto-created shows up partition by partition: only a complete, stable list is taken, or
            // the tail would silently miss the keys of the partitions that appeared later.
            if (infos != null && !infos.isEmpty() && infos.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                sleep(300);
                List<PartitionInfo> again = consumer.partitionsFor(topic, Duration.ofSeconds(10));
                if (again != null && again.size() == infos.size()) {
                    return again.stream().map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
                }
            }
            sleep(100);
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
                throw new AssertionError("no matching event on " + topic + " within " + timeout + "; saw " + describe(buffered)
                        + "; reading " + positions());
            }
            pollOnce(Duration.ofMillis(200));
        }
    }

    /**
     * Waits until each predicate has matched an event, in any order (events of independent causes — two policies, a
     * scan and a webhook — arrive in whatever order they happen). Returns the matches in predicate order and removes
     * only them from the buffer.
     */
    @SafeVarargs
    public final List<ReceivedEvent> awaitEach(Duration timeout, Predicate<ReceivedEvent>... predicates) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ReceivedEvent[] found = new ReceivedEvent[predicates.length];
            java.util.Set<ReceivedEvent> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            int matched = 0;
            for (int p = 0; p < predicates.length; p++) {
                for (ReceivedEvent e : buffered) {
                    if (!used.contains(e) && predicates[p].test(e)) {
                        found[p] = e;
                        used.add(e);
                        matched++;
                        break;
                    }
                }
            }
            if (matched == predicates.length) {
                buffered.removeIf(used::contains);
                return List.of(found);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(matched + " of " + predicates.length + " expected events on " + topic + " within "
                        + timeout + "; saw " + describe(buffered) + "; reading " + positions());
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
        // Partitions that appear after the tail opened (a topic still being created) are read from their start:
        // everything in them arrived after "now".
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos != null && infos.size() > consumer.assignment().size()) {
            java.util.Set<TopicPartition> all = new java.util.HashSet<>(consumer.assignment());
            List<TopicPartition> added = new ArrayList<>();
            for (PartitionInfo p : infos) {
                TopicPartition tp = new TopicPartition(p.topic(), p.partition());
                if (all.add(tp)) added.add(tp);
            }
            consumer.assign(all);
            consumer.seekToBeginning(added);
        }
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

    /** Where the tail reads, against each partition's end: for the message of a failed wait. */
    private String positions() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(5));
        return consumer.assignment().stream().sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .map(tp -> tp.partition() + "@" + consumer.position(tp) + "/" + ends.get(tp))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(List<ReceivedEvent> events) {
        return events.stream().map(e -> e.header("ce_type") + "/" + e.header("ce_id")).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
