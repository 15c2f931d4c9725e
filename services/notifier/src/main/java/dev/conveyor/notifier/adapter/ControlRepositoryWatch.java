package dev.conveyor.notifier.adapter;

import dev.conveyor.events.EventType;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.notifier.NotifierConfig;
import dev.conveyor.notifier.subscription.InboundEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A push to the control repository reloads the Subscriptions at once, as the other services reload their declarations
 * — the interval refresh stays as the safety net for a lost push event. Every replica must see every push, so this
 * reads all partitions of {@code conveyor.commits} from their end, without a consumer group (no offsets to keep: a push
 * missed while down is covered by the load at start).
 */
@ApplicationScoped
public class ControlRepositoryWatch {

    private static final Logger LOG = Logger.getLogger(ControlRepositoryWatch.class);
    static final String TOPIC = "conveyor.commits";
    /** How often the topic's partitions are listed again (a topic created or grown later). */
    private static final Duration REASSIGN = Duration.ofSeconds(30);

    private final NotifierConfig config;
    private final SubscriptionStore subscriptions;
    private final String bootstrapServers;
    private final EventDecoder decoder = new EventDecoder();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    public ControlRepositoryWatch(NotifierConfig config, SubscriptionStore subscriptions,
                                  @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes StartupEvent event) {
        Optional<String> repo = config.declarations().repoUrl();
        if (repo.isEmpty()) return;
        String controlRepository = RepositoryUrls.canonical(repo.get()); // a malformed URL fails the start, not each record
        running = true;
        thread = new Thread(() -> watch(controlRepository), "notifier-control-repository-watch");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) c.wakeup();
        if (thread != null) thread.join(5000);
    }

    /** Whether a decoded event is a push to the control repository. */
    static boolean isPushTo(InboundEvent event, String controlRepository) {
        return event.type().equals(EventType.COMMIT_PUSHED.ceType())
                && RepositoryUrls.names(controlRepository, event.text("repository"))
                && !Boolean.parseBoolean(event.text("deleted"));
    }

    private void watch(String controlRepository) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "conveyor-notifier-control-watch",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            long nextAssign = 0;
            while (running) {
                if (System.nanoTime() - nextAssign >= 0) {
                    assignAll(c);
                    nextAssign = System.nanoTime() + REASSIGN.toNanos();
                }
                if (c.assignment().isEmpty()) {
                    // The topic does not exist yet: look again in a second.
                    Thread.sleep(1000);
                    nextAssign = System.nanoTime();
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    try {
                        if (isPushTo(decoder.decode(r), controlRepository)) {
                            LOG.debugf("push to the control repository (%s@%d): reloading subscriptions", r.topic(), r.offset());
                            subscriptions.reloadSoon();
                        }
                    } catch (IllegalArgumentException unreadable) {
                        // another producer's record: not ours to judge here
                    }
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            // stopping
        } catch (RuntimeException e) {
            LOG.warnf("control repository watch stopped (%s); subscriptions reload on their interval only", e.getMessage());
        } finally {
            consumer = null;
        }
    }

    /** Assigns every partition of the topic; new ones start at their end, the others keep their position. */
    private static void assignAll(KafkaConsumer<String, byte[]> c) {
        List<PartitionInfo> infos = c.partitionsFor(TOPIC, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) return;
        Set<TopicPartition> all = new HashSet<>();
        infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
        if (all.equals(c.assignment())) return;
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(c.assignment());
        c.assign(all);
        c.seekToEnd(added);
    }
}
