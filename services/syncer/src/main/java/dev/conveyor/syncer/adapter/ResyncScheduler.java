package dev.conveyor.syncer.adapter;

import dev.conveyor.events.SyncRequested;
import dev.conveyor.syncer.SyncerConfig;
import dev.conveyor.syncer.SyncerMetrics;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.engine.SyncEngine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The safety net under the event-driven path: every automated application is re-synced once per interval, each at its
 * own random offset (jitter), so a lost webhook delays a change but never loses it, and N applications never resync in
 * one burst. Also re-assesses health, so a controller's status update becomes HealthChanged without a new commit.
 */
@ApplicationScoped
public class ResyncScheduler {

    private static final Logger LOG = Logger.getLogger(ResyncScheduler.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final SyncerConfig config;
    private final DeclarationStore declarations;
    private final KafkaEvents events;
    private final SyncEngine engine;
    private final SyncerMetrics metrics;
    private final Map<String, Instant> nextResync = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    public ResyncScheduler(SyncerConfig config, DeclarationStore declarations, KafkaEvents events, SyncEngine engine,
                           SyncerMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.declarations = declarations;
        this.events = events;
        this.engine = engine;
    }

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "conveyor-resync"));
        timer.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) timer.shutdownNow();
    }

    void tick() {
        try {
            Instant now = Instant.now();
            Duration interval = config.resync().interval();
            for (Application app : declarations.all()) {
                Instant due = nextResync.computeIfAbsent(app.name(),
                        n -> now.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis()))));
                if (now.isBefore(due)) continue;
                nextResync.put(app.name(), now.plus(interval));
                engine.reassessHealth(app.name(), "resync:" + now);
                if (config.resync().enabled() && app.syncPolicy().automated()) {
                    events.publishWithId(new SyncRequested(app.name(), SyncRequested.Trigger.INTERVAL, null, false, "resync"),
                            "resync:" + app.name() + ":" + now.toEpochMilli());
                }
            }
            nextResync.keySet().removeIf(name -> declarations.get(name).isEmpty());
            metrics.applications(declarations.all().stream().map(a -> engine.state(a.name())).toList());
        } catch (RuntimeException e) {
            LOG.warnf(e, "resync tick failed");
        }
    }
}
