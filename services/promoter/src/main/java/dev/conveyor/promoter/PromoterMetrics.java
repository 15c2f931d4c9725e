package dev.conveyor.promoter;

import dev.conveyor.promoter.engine.Ports;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

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

    private final MeterRegistry registry;

    public PromoterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void promotion(String pipeline, String stage, String result) {
        Counter.builder(PROMOTIONS).description("Promotions by pipeline, stage and result (succeeded, failed)")
                .tag("pipeline", pipeline).tag("stage", stage).tag("result", result).register(registry).increment();
    }

    @Override
    public void leadTime(String pipeline, String stage, Duration sinceFreightCreated) {
        Timer.builder(LEAD_TIME).description("Time from freight creation to running healthy in the stage")
                .tag("pipeline", pipeline).tag("stage", stage).publishPercentileHistogram()
                .register(registry).record(sinceFreightCreated);
    }

    /** Live DORA counters (history read back at start is in the API's figures, not re-counted here). */
    public void dora(dev.conveyor.events.PromotionEvent event) {
        if (event instanceof dev.conveyor.events.PromotionSucceeded s) {
            Counter.builder(DEPLOYMENTS).description("Promotions that reached Healthy (DORA deployment frequency)")
                    .tag("pipeline", s.pipeline()).tag("stage", s.stage()).register(registry).increment();
            if (s.kind() == dev.conveyor.events.PromotionEvent.Kind.ROLLBACK) changeFailure(s.pipeline(), s.stage(), "rollback");
        } else if (event instanceof dev.conveyor.events.PromotionFailed f && !f.reason().startsWith("superseded")) {
            changeFailure(f.pipeline(), f.stage(), "failed");
        }
    }

    private void changeFailure(String pipeline, String stage, String cause) {
        Counter.builder(CHANGE_FAILURES).description("Failed promotions and rollbacks (DORA change failure rate)")
                .tag("pipeline", pipeline).tag("stage", stage).tag("cause", cause).register(registry).increment();
    }

    public void timeToRestore(String application, Duration down) {
        Timer.builder(TIME_TO_RESTORE).description("Time an application took from Degraded back to Healthy (DORA)")
                .tag("application", application).register(registry).record(down);
    }

    @Override
    public void gateWait(String pipeline, String stage, Duration waited) {
        Timer.builder(GATE_WAIT).description("Time a requested promotion waited at the stage's gates")
                .tag("pipeline", pipeline).tag("stage", stage).register(registry).record(waited);
    }
}
