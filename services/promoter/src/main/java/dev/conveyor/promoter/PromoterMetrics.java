package dev.conveyor.promoter;

import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.promoter.engine.Ports;
import dev.conveyor.promoter.pipeline.Pipeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The promoter's metric names, defined once, and how they are recorded. */
@ApplicationScoped
public class PromoterMetrics implements Ports.Observer {

    public static final String PROMOTIONS = "conveyor_promoter_promotions_total";
    public static final String LEAD_TIME = "conveyor_promoter_lead_time_seconds";
    public static final String GATE_WAIT = "conveyor_promoter_gate_wait_seconds";
    public static final String PENDING_APPROVALS = "conveyor_promoter_pending_approvals";
    public static final String PIPELINES = "conveyor_promoter_pipelines";
    public static final String INVALID_DECLARATIONS = "conveyor_promoter_invalid_declarations";
    public static final String REBUILT_EVENTS = "conveyor_promoter_rebuilt_events";
    /** DORA: deployment frequency. */
    public static final String DEPLOYMENTS = "conveyor_promoter_deployments_total";
    /** DORA: change failures (failed promotions and rollbacks). */
    public static final String CHANGE_FAILURES = "conveyor_promoter_change_failures_total";
    /** DORA: time to restore (Degraded → Healthy). */
    public static final String TIME_TO_RESTORE = "conveyor_promoter_time_to_restore_seconds";

    /**
     * Histogram buckets ({@code le}) of the delivery timers — lead time, gate wait, time to restore — whose values
     * range from seconds (a first stage syncing) to weeks (freight waiting for approvals or a freeze). Fixed, readable
     * bounds instead of Micrometer's percentile histogram, whose timer buckets end at 30 s by default: 20 buckets (and
     * {@code +Inf}) per series, so {@code histogram_quantile} is accurate to about one bucket between 5 s and 30 days.
     */
    public static final List<Duration> DELIVERY_BUCKETS = List.of(
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8),
            Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7),
            Duration.ofDays(14), Duration.ofDays(30));

    private static final Duration[] BUCKETS = DELIVERY_BUCKETS.toArray(Duration[]::new);

    private final MeterRegistry registry;

    public PromoterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Registers, at zero, the per-stage series of every declared pipeline — promotions by result, deployments, change
     * failures by cause, lead time, gate wait, and the time to restore of the stage's application — so they exist
     * before their first event and {@code increase()} / {@code rate()} count that event (Prometheus cannot count the
     * increment that creates a series). Idempotent; called whenever the pipelines are (re)loaded. Series of pipelines
     * or stages removed later stay until a restart.
     */
    public void register(Collection<Pipeline> pipelines) {
        for (Pipeline p : pipelines) {
            for (int i = 0; i < p.stages().size(); i++) {
                String stage = p.stages().get(i).name();
                promotions(p.name(), stage, "succeeded");
                promotions(p.name(), stage, "failed");
                deployments(p.name(), stage);
                changeFailures(p.name(), stage, "failed");
                changeFailures(p.name(), stage, "rollback");
                leadTimes(p.name(), stage);
                // The first stage takes the image-watcher's commit directly: it has no gates to wait at.
                if (i > 0) gateWaits(p.name(), stage);
                timesToRestore(p.stages().get(i).application());
            }
        }
    }

    @Override
    public void promotion(String pipeline, String stage, String result) {
        promotions(pipeline, stage, result).increment();
    }

    @Override
    public void leadTime(String pipeline, String stage, Duration sinceFreightCreated) {
        leadTimes(pipeline, stage).record(sinceFreightCreated);
    }

    /** Live DORA counters (history read back at start is in the API's figures, not re-counted here). */
    public void dora(PromotionEvent event) {
        if (event instanceof PromotionSucceeded s) {
            deployments(s.pipeline(), s.stage()).increment();
            if (s.kind() == PromotionEvent.Kind.ROLLBACK) changeFailures(s.pipeline(), s.stage(), "rollback").increment();
        } else if (event instanceof PromotionFailed f && !f.reason().startsWith("superseded")) {
            changeFailures(f.pipeline(), f.stage(), "failed").increment();
        }
    }

    public void timeToRestore(String application, Duration down) {
        timesToRestore(application).record(down);
    }

    @Override
    public void gateWait(String pipeline, String stage, Duration waited) {
        gateWaits(pipeline, stage).record(waited);
    }

    private Counter promotions(String pipeline, String stage, String result) {
        return Counter.builder(PROMOTIONS).description("Promotions by pipeline, stage and result (succeeded, failed)")
                .tag("pipeline", pipeline).tag("stage", stage).tag("result", result).register(registry);
    }

    private Counter deployments(String pipeline, String stage) {
        return Counter.builder(DEPLOYMENTS).description("Promotions that reached Healthy (DORA deployment frequency)")
                .tag("pipeline", pipeline).tag("stage", stage).register(registry);
    }

    private Counter changeFailures(String pipeline, String stage, String cause) {
        return Counter.builder(CHANGE_FAILURES).description("Failed promotions and rollbacks (DORA change failure rate)")
                .tag("pipeline", pipeline).tag("stage", stage).tag("cause", cause).register(registry);
    }

    /** Rollbacks are not recorded: they bring back an old change, not a new one (as in the API's lead time). */
    private Timer leadTimes(String pipeline, String stage) {
        return Timer.builder(LEAD_TIME).description("Time from freight creation to running healthy in the stage (not rollbacks)")
                .tag("pipeline", pipeline).tag("stage", stage).serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** By application (the syncer's HealthChanged names no pipeline or stage). */
    private Timer timesToRestore(String application) {
        return Timer.builder(TIME_TO_RESTORE).description("Time an application took from Degraded back to Healthy (DORA)")
                .tag("application", application).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private Timer gateWaits(String pipeline, String stage) {
        return Timer.builder(GATE_WAIT).description("Time a requested promotion waited at the stage's gates")
                .tag("pipeline", pipeline).tag("stage", stage).serviceLevelObjectives(BUCKETS).register(registry);
    }
}
