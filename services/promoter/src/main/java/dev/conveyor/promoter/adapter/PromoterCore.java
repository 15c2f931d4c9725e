package dev.conveyor.promoter.adapter;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.Topics;
import dev.conveyor.promoter.PromoterConfig;
import dev.conveyor.promoter.PromoterMetrics;
import dev.conveyor.promoter.engine.PromotionEngine;
import dev.conveyor.promoter.dora.DoraTracker;
import dev.conveyor.promoter.engine.Ports;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.micrometer.core.instrument.Gauge;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the {@link PromotionEngine} and the one thread it runs on. The first task on that thread rebuilds the state
 * from {@code conveyor.promotions} (read from the beginning to its end), so every input — Kafka, REST, timers —
 * queued behind it sees the rebuilt state; then {@link PromotionEngine#resume()} picks up what was in flight.
 */
@ApplicationScoped
public class PromoterCore implements Ports.Timers {

    private static final Logger LOG = Logger.getLogger(PromoterCore.class);

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "promoter-engine");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "promoter-timers");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final AtomicLong rebuilt = new AtomicLong();
    private final DoraTracker dora = new DoraTracker();
    private final PromoterMetrics metrics;
    private volatile boolean ready;

    private final PromotionEngine engine;
    private final PipelineStore pipelines;
    private final PromoterConfig config;
    private final String bootstrap;

    private final FreightTraces traces;

    public PromoterCore(PipelineStore pipelines, KafkaEvents events, GitAdapter git, PromoterMetrics metrics,
                        PromoterConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                        FreightTraces traces) {
        this.traces = traces;
        this.pipelines = pipelines;
        this.config = config;
        this.bootstrap = bootstrap;
        this.metrics = metrics;
        // Every event the engine publishes also feeds the DORA figures (and, live, their counters).
        // ... and goes into its freight's trace (one trace per change, whatever made the promoter act now).
        Ports.Events tracked = (id, event) -> {
            try (EventTracer.Traced span = traces.publishing(event)) {
                events.publish(id, event);
            }
            dora.record(event, Instant.now());
            metrics.dora(event);
        };
        this.engine = new PromotionEngine(pipelines, tracked, git, this, metrics, Clock.systemUTC());
        Gauge.builder(PromoterMetrics.REBUILT_EVENTS, rebuilt, AtomicLong::get)
                .description("Events read back from conveyor.promotions at start").register(metrics.registry());
        Gauge.builder(PromoterMetrics.PENDING_APPROVALS, this, PromoterCore::pendingApprovals)
                .description("Stages whose requested freight waits for approvals").register(metrics.registry());
    }

    @PostConstruct
    void rebuildFirst() {
        loop.execute(() -> {
            try {
                pipelines.reload("startup");
                rebuild();
                engine.resume();
                ready = true;
            } catch (RuntimeException e) {
                LOG.error("promoter state could not be rebuilt; inputs keep waiting", e);
                throw e;
            }
        });
    }

    void onStart(@Observes StartupEvent start) {
        // Forces the bean (and so the rebuild) to be created at start, not at the first request.
    }

    void onStop(@Observes ShutdownEvent stop) {
        clock.shutdownNow();
        loop.shutdownNow();
    }

    public boolean ready() {
        return ready;
    }

    public PromotionEngine engine() {
        return engine;
    }

    /** Only on the engine thread (through {@link #call}). */
    public DoraTracker dora() {
        return dora;
    }

    /** An application's health changed (on the engine thread): time to restore when it healed. */
    public void health(String application, dev.conveyor.events.SyncCompleted.Health to) {
        java.time.Duration down = dora.health(application, to, Instant.now());
        if (down != null) metrics.timeToRestore(application, down);
    }

    /**
     * Runs on the engine thread, in the caller's trace, and waits for the result; exceptions reach the caller as they
     * were thrown.
     */
    public <T> T call(Callable<T> task) {
        Future<T> f = loop.submit(Context.current().wrap(task));
        try {
            return f.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the promoter did not handle the request within 5 minutes");
        }
    }

    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    @Override
    public void at(Instant when, String key, Runnable task) {
        long delay = Math.max(0, Duration.between(Instant.now(), when).toMillis());
        ScheduledFuture<?> next = clock.schedule(() -> loop.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "timer %s failed", key);
            }
        }), delay, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> previous = timers.put(key, next);
        if (previous != null) previous.cancel(false);
    }

    private void rebuild() {
        CloudEventDeserializer values = new CloudEventDeserializer();
        values.configure(Map.of(), false);
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "conveyor-promoter-rebuild-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values)) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.PROMOTIONS, config.rebuild().timeout());
            if (infos == null || infos.isEmpty()) {
                LOG.info("conveyor.promotions is empty or missing: starting with no promotion history");
                return;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, config.rebuild().timeout());
            long deadline = System.nanoTime() + config.rebuild().timeout().toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("conveyor.promotions not read to its end within " + config.rebuild().timeout());
                }
                for (ConsumerRecord<String, CloudEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        Envelope<ConveyorEvent> e = EventCodec.fromCloudEvent(r.value());
                        if (e.event() instanceof PromotionEvent pe) {
                            Instant at = e.time() == null ? Instant.ofEpochMilli(r.timestamp()) : e.time().toInstant();
                            engine.replay(pe, at);
                            traces.replayed(pe, r.headers());
                            dora.record(pe, at);
                            rebuilt.incrementAndGet();
                        }
                    } catch (RuntimeException bad) {
                        LOG.warnf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), bad.getMessage());
                    }
                }
            }
            LOG.infof("promoter state rebuilt from %d events of conveyor.promotions", rebuilt.get());
        }
    }

    /** Read off the engine thread for a scrape: a concurrent change may make it fail, and then it is skipped. */
    private double pendingApprovals() {
        try {
            return countPendingApprovals();
        } catch (RuntimeException concurrentChange) {
            return Double.NaN;
        }
    }

    private double countPendingApprovals() {
        int n = 0;
        for (var p : pipelines.all()) {
            for (var s : p.stages()) {
                var blocked = engine.state(p.name()).stage(s.name()).blocked();
                if (blocked.isPresent() && blocked.get().gate() == dev.conveyor.events.PromotionBlocked.Gate.APPROVAL) n++;
            }
        }
        return n;
    }
}
