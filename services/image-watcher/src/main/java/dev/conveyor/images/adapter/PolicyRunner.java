package dev.conveyor.images.adapter;

import dev.conveyor.images.ImageWatcherConfig;
import dev.conveyor.images.ImageWatcherMetrics;
import dev.conveyor.images.engine.ImageUpdater;
import dev.conveyor.images.policy.ImagePolicy;
import dev.conveyor.tracing.EventTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs policy checks: at once for a trigger, and on a jittered interval as the safety net (each policy gets its own
 * random offset within the interval, so a thousand policies do not hit the registry in the same second). A check that
 * is already queued absorbs further requests — it re-reads the registry when it runs, so nothing is lost.
 */
@ApplicationScoped
public class PolicyRunner {

    private static final Logger LOG = Logger.getLogger(PolicyRunner.class);

    private final PolicyStore policies;
    private final ImageUpdater updater;
    private final ImageWatcherConfig config;
    private final ImageWatcherMetrics metrics;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "image-policy-check");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> nextScan = new ConcurrentHashMap<>();

    private final EventTracer tracer;

    public PolicyRunner(PolicyStore policies, ImageUpdater updater, ImageWatcherConfig config, ImageWatcherMetrics metrics,
                        OpenTelemetry openTelemetry) {
        this.tracer = new EventTracer(openTelemetry, "image-watcher");
        this.policies = policies;
        this.updater = updater;
        this.config = config;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent start) {
        // Policies are checked once at start: an update missed while the watcher was down is found now, not at the
        // first scan.
        policies.reload("startup").forEach(p -> submit(p, "startup"));
    }

    void onStop(@Observes ShutdownEvent stop) {
        workers.shutdownNow();
    }

    /** Control repository changed: new and changed policies are checked at once. */
    public void declarationsChanged(String cause) {
        policies.reload(cause).forEach(p -> submit(p, "declaration"));
    }

    /**
     * Checks a policy now, on the caller's thread (the Kafka consumer's: one image's triggers stay in order), in a span
     * of the caller's trace — the pushed image's — or of a new one for a scan, which then starts the change's trace.
     */
    public ImageUpdater.Outcome checkNow(ImagePolicy policy, String cause) {
        try (EventTracer.Traced check = tracer.start("check image policy " + policy.name())) {
            check.attribute("conveyor.image-policy", policy.name()).attribute("conveyor.cause", cause);
            ImageUpdater.Outcome outcome = updater.update(policy);
            check.attribute("conveyor.outcome", outcome.getClass().getSimpleName());
            if (outcome instanceof ImageUpdater.Outcome.Failed f) check.failed(f.reason());
            log(policy, cause, outcome);
            return outcome;
        }
    }

    /** Queues a check unless one is queued already; it runs in the trace of whatever queued it (none for a scan). */
    public void submit(ImagePolicy policy, String cause) {
        if (!queued.add(policy.name())) return;
        workers.execute(Context.current().wrap(() -> {
            queued.remove(policy.name());
            try {
                checkNow(policies.get(policy.name()).orElse(policy), cause);
            } catch (RuntimeException e) {
                LOG.errorf(e, "check of image policy %s failed unexpectedly", policy.name());
            }
        }));
    }

    @Scheduled(every = "${conveyor.images.scan.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scanTick() {
        if (!config.scan().enabled()) return;
        long now = System.nanoTime();
        long interval = config.scan().interval().toNanos();
        for (ImagePolicy p : policies.all()) {
            long due = nextScan.computeIfAbsent(p.name(),
                    n -> now + (long) (ThreadLocalRandom.current().nextDouble() * interval));
            if (now - due >= 0) {
                nextScan.put(p.name(), now + interval);
                metrics.scan();
                submit(p, "scan");
            }
        }
        nextScan.keySet().removeIf(name -> policies.get(name).isEmpty());
    }

    private static void log(ImagePolicy policy, String cause, ImageUpdater.Outcome outcome) {
        if (outcome instanceof ImageUpdater.Outcome.Updated u) {
            LOG.infof("image policy %s (%s): %s %s → %s, commit %s%s", policy.name(), cause, policy.image(), u.from(),
                    u.to(), u.commit(), u.conflicts() > 0 ? " after " + u.conflicts() + " push conflicts" : "");
        } else if (outcome instanceof ImageUpdater.Outcome.Unchanged u) {
            LOG.debugf("image policy %s (%s): %s up to date", policy.name(), cause, u.tag());
        } else if (outcome instanceof ImageUpdater.Outcome.NoCandidate n) {
            LOG.infof("image policy %s (%s): %s", policy.name(), cause, n.reason());
        } else if (outcome instanceof ImageUpdater.Outcome.Failed f) {
            LOG.warnf("image policy %s (%s) failed%s: %s", policy.name(), cause,
                    f.retryable() ? " (will retry at the next scan)" : "", f.reason());
        }
    }
}
