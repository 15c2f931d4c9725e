package dev.conveyor.notifier.adapter;

import dev.conveyor.notifier.NotifierConfig;
import dev.conveyor.notifier.NotifierMetrics;
import dev.conveyor.notifier.delivery.BatchDispatcher;
import dev.conveyor.notifier.delivery.DeliveryExecutor;
import dev.conveyor.notifier.delivery.DeliveryState;
import dev.conveyor.notifier.delivery.DigestBuffer;
import dev.conveyor.notifier.delivery.NotificationPlanner;
import dev.conveyor.notifier.delivery.Planned;
import dev.conveyor.notifier.delivery.Position;
import dev.conveyor.notifier.delivery.RetryPolicy;
import dev.conveyor.notifier.render.MessageRenderer;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.tracing.EventTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kafka edge and the loop that drives the core. On start: read the deliveries topic to its end, then consume
 * events; per poll: plan (match, de-duplicate, hold digests), dispatch (send with retries, record or dead-letter), and
 * only then commit offsets — never past an event still held in a digest window. A stop abandons in-flight retries
 * without recording them, so their events are read again by the next start.
 * <p>
 * The plain Kafka client is used (not SmallRye messaging) because of that order: the deliveries must be read before
 * the first event, and offsets are committed by the loop, after the records are durable.
 */
@ApplicationScoped
public class NotifierRuntime {

    private static final Logger LOG = Logger.getLogger(NotifierRuntime.class);

    private final NotifierConfig config;
    private final EventTracer tracer;
    private final NotifierMetrics metrics;
    private final SubscriptionStore subscriptions;
    private final String bootstrapServers;
    private volatile Loop loop;

    public NotifierRuntime(NotifierConfig config, NotifierMetrics metrics, SubscriptionStore subscriptions,
                           @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                           OpenTelemetry openTelemetry) {
        this.tracer = new EventTracer(openTelemetry, "notifier");
        this.config = config;
        this.metrics = metrics;
        this.subscriptions = subscriptions;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        subscriptions.start();
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
        subscriptions.stop();
    }

    /** Starts a fresh loop: new state, rebuilt from the deliveries topic (as a new process would). */
    public synchronized void start() {
        if (loop != null) return;
        loop = new Loop();
        loop.thread.start();
    }

    /** Stops the loop; in-flight sends finish or are abandoned unrecorded, held digests are dropped uncommitted. */
    public synchronized void stop() {
        Loop l = loop;
        loop = null;
        if (l != null) l.stop();
    }

    /** Whether the deliveries are loaded and events are being consumed. */
    public boolean ready() {
        Loop l = loop;
        return l != null && l.ready;
    }

    /** Delivery records known to the running loop. */
    public int knownDeliveries() {
        Loop l = loop;
        return l == null ? 0 : l.state.size();
    }

    private final class Loop implements Runnable {
        private static final AtomicInteger GENERATION = new AtomicInteger();

        final Thread thread = new Thread(this, "notifier-loop-" + GENERATION.incrementAndGet());
        final DeliveryState state = new DeliveryState();
        final DigestBuffer digests = new DigestBuffer();
        final ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, config.parallelism()));
        final EventDecoder decoder = new EventDecoder();
        volatile boolean running = true;
        volatile boolean ready;
        volatile KafkaConsumer<String, byte[]> consumer;

        /**
         * Sends in progress finish (each is bounded by the HTTP timeout) and are recorded; a notification waiting to
         * be retried is abandoned unrecorded; offsets are not committed past what is recorded.
         */
        void stop() {
            running = false;
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) c.wakeup();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool.shutdownNow();
        }

        /** Back-off between attempts, cut short when the notifier stops (the notification is then abandoned). */
        void backOff(Duration d) throws InterruptedException {
            long until = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < until) {
                if (!running) throw new InterruptedException("stopping");
                Thread.sleep(Math.max(1, Math.min(50, (until - System.nanoTime()) / 1_000_000)));
            }
        }

        @Override
        public void run() {
            while (running) {
                try (KafkaDeliveryJournal journal = new KafkaDeliveryJournal(bootstrapServers, config.deliveriesTopic(),
                        config.deadLetterTopic())) {
                    int read = journal.catchUp(state);
                    LOG.infof("read %d delivery records from %s", read, config.deliveriesTopic());
                    consume(journal);
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    if (!running) break;
                    LOG.errorf(e, "notifier loop failed; restarting from the last committed offsets in 2 s");
                    // Held digests are dropped unrecorded: forget what planning them marked, and rebuild (the new
                    // journal reads the deliveries topic from the beginning).
                    digests.clear();
                    state.clear();
                    sleep(Duration.ofSeconds(2));
                }
            }
            pool.shutdownNow();
            ready = false;
        }

        private void consume(KafkaDeliveryJournal journal) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
            // Retries block the loop: allow the longest retry sequence before the group thinks we died.
            props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE,
                    Duration.ofMinutes(5).plus(config.retry().maxRetryAfter().multipliedBy(config.retry().maxAttempts()))
                            .toMillis()));
            // Eager rebalancing: a revocation takes every partition, so dropping all held digests is always safe.
            props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            MessageRenderer renderer = new MessageRenderer(config.links().applicationUrl());
            NotificationPlanner planner = new NotificationPlanner(subscriptions::all, subscriptions::application,
                    Destinations.kinds(config), renderer, state, digests, metrics, Clock.systemUTC());
            RetryPolicy policy = new RetryPolicy(config.retry().maxAttempts(), config.retry().initialDelay(),
                    config.retry().maxDelay(), config.retry().maxRetryAfter());
            DeliveryExecutor executor = new DeliveryExecutor(TracedNotifier.wrap(Destinations.create(config, state), tracer), policy,
                    this::backOff, metrics);
            BatchDispatcher dispatcher = new BatchDispatcher(executor, journal, state, pool, metrics, Clock.systemUTC());
            Map<TopicPartition, Long> processed = new HashMap<>();
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                if (!running) return;
                c.subscribe(config.topics(), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        // Held events were not committed: the next owner reads them again. Planning them marked
                        // oncePer keys and incidents that were never recorded, so the state is rebuilt from the topic.
                        if (digests.size() > 0) {
                            digests.clear();
                            state.clear();
                            journal.rewind();
                        }
                        processed.clear();
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        // Another replica may have delivered events of these partitions since we last read.
                        journal.catchUp(state);
                    }
                });
                ready = true;
                while (running) {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(100));
                    List<Planned> planned = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        processed.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                        InboundEvent event;
                        try {
                            event = decoder.decode(r);
                        } catch (IllegalArgumentException e) {
                            metrics.unreadable(r.topic());
                            LOG.warnf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                                    e.getMessage());
                            continue;
                        }
                        planned.addAll(planner.plan(event, new Position(r.topic(), r.partition(), r.offset())));
                    }
                    planned.addAll(planner.closedDigests());
                    if (!dispatcher.dispatch(planned, planner.drainSuppressed())) return; // stopping: nothing more may be committed
                    try {
                        commit(c, processed);
                    } catch (WakeupException e) {
                        return; // stopping: the records are written; the events will be read again and suppressed
                    }
                }
            } finally {
                consumer = null;
                ready = false;
            }
        }

        private void commit(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> processed) {
            if (processed.isEmpty()) return;
            Map<String, Long> held = digests.lowestHeldOffsets();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            processed.forEach((tp, next) -> {
                Long lowestHeld = held.get(tp.topic() + "#" + tp.partition());
                offsets.put(tp, new OffsetAndMetadata(lowestHeld == null ? next : Math.min(next, lowestHeld)));
            });
            c.commitSync(offsets);
        }

        private void sleep(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
