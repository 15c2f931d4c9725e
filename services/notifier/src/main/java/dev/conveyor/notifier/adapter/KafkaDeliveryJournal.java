package dev.conveyor.notifier.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.conveyor.notifier.delivery.DeliveryJournal;
import dev.conveyor.notifier.delivery.DeliveryRecord;
import dev.conveyor.notifier.delivery.DeliveryState;
import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.destination.WebhookNotifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Delivery records on a compacted Kafka topic (key = delivery id, value = JSON) and dead letters on their topic.
 * {@link #catchUp(DeliveryState)} reads the deliveries topic from the start (first call) or from where it stopped up to
 * its current end, so a notifier knows every delivery made before it consumes a single event — its own from before a
 * restart, and another replica's before a rebalance handed it their partitions.
 */
public final class KafkaDeliveryJournal implements DeliveryJournal, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaDeliveryJournal.class);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String deliveriesTopic;
    private final String deadLetterTopic;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> reader;
    private List<TopicPartition> partitions;

    public KafkaDeliveryJournal(String bootstrapServers, String deliveriesTopic, String deadLetterTopic) {
        this.deliveriesTopic = deliveriesTopic;
        this.deadLetterTopic = deadLetterTopic;
        ensureTopics(bootstrapServers);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "conveyor-notifier-journal"), new StringSerializer(), new ByteArraySerializer());
        this.reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CLIENT_ID_CONFIG, "conveyor-notifier-journal-reader"), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The deliveries topic is compacted (one record per delivery id survives) with one partition (ordered reads). */
    private void ensureTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = List.of(
                    new NewTopic(deliveriesTopic, 1, (short) -1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(deadLetterTopic, 1, (short) -1));
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not create the notifier's topics in time", e);
        }
    }

    /** The next {@link #catchUp} reads the deliveries topic from its beginning again (into a cleared state). */
    public synchronized void rewind() {
        if (partitions != null) reader.seekToBeginning(partitions);
    }

    /** Reads the deliveries topic up to its current end into {@code state}; returns how many records were read. */
    public synchronized int catchUp(DeliveryState state) {
        if (partitions == null) {
            partitions = reader.partitionsFor(deliveriesTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, Duration.ofSeconds(30));
        int read = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("could not read " + deliveriesTopic + " to its end");
            for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                if (r.value() == null) continue; // a tombstone: nothing to remember
                try {
                    state.apply(JSON.readValue(r.value(), DeliveryRecord.class));
                    read++;
                } catch (IOException e) {
                    LOG.warnf("unreadable delivery record %s at offset %d skipped: %s", r.key(), r.offset(), e.getMessage());
                }
            }
        }
        return read;
    }

    /** Writes started and not yet known durable (any thread may record; the loop awaits them). */
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    @Override
    public void record(List<DeliveryRecord> records) {
        for (DeliveryRecord r : records) {
            Future<RecordMetadata> f = producer.send(new ProducerRecord<>(deliveriesTopic, r.id(), json(r)));
            synchronized (pending) {
                pending.add(f);
            }
        }
    }

    @Override
    public void awaitDurable() {
        List<Future<RecordMetadata>> waiting;
        synchronized (pending) {
            waiting = new ArrayList<>(pending);
            pending.clear();
        }
        awaitAll(waiting, "delivery records and dead letters");
    }

    @Override
    public void deadLetter(Notification n, String reason, int attempts) {
        ObjectNode letter = JSON.createObjectNode();
        letter.put("notification", n.id());
        letter.put("subscription", n.subscription());
        letter.put("destination", n.destination());
        letter.put("kind", n.kind().id());
        letter.put("phase", n.phase().name());
        letter.put("incidentKey", n.incidentKey());
        letter.put("reason", reason);
        letter.put("attempts", attempts);
        letter.put("at", Instant.now().toString());
        letter.put("title", n.message().title());
        ArrayNode ids = letter.putArray("deliveryIds");
        n.deliveryIds().forEach(ids::add);
        ArrayNode events = letter.putArray("events");
        n.events().forEach(e -> events.add(WebhookNotifier.structured(e)));
        Future<RecordMetadata> f = producer.send(new ProducerRecord<>(deadLetterTopic, n.id(), letter.toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        synchronized (pending) {
            pending.add(f);
        }
    }

    private static void awaitAll(List<Future<RecordMetadata>> futures, String what) {
        try {
            for (Future<RecordMetadata> f : futures) f.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + what, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + what + ": " + e.getMessage(), e);
        }
    }

    private static byte[] json(DeliveryRecord r) {
        try {
            return JSON.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        producer.close(Duration.ofSeconds(5));
        reader.close(Duration.ofSeconds(5));
    }
}
