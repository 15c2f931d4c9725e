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

    @Override
    public void gateWait(String pipeline, String stage, Duration waited) {
        Timer.builder(GATE_WAIT).description("Time a requested promotion waited at the stage's gates")
                .tag("pipeline", pipeline).tag("stage", stage).register(registry).record(waited);
    }
}
