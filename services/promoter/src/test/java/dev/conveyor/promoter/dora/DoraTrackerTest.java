package dev.conveyor.promoter.dora;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionEvent.FreightImage;
import dev.conveyor.events.PromotionEvent.Kind;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.events.SyncCompleted.Health;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DoraTrackerTest {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final String SHA = "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";
    final DoraTracker dora = new DoraTracker();

    void created(String freight, Instant at) {
        dora.record(new FreightCreated("payments", "dev", freight, List.of(new FreightImage("r/a", "1", null)), "test"), at);
    }

    void succeeded(String stage, String freight, Kind kind, Instant at) {
        dora.record(new PromotionSucceeded("payments", stage, freight, kind, "payments-" + stage, SHA, SHA), at);
    }

    void failed(String stage, String freight, String reason, Instant at) {
        dora.record(new PromotionFailed("payments", stage, freight, Kind.AUTO, "payments-" + stage, SHA, reason), at);
    }

    DoraTracker.Figures prod(Duration window, Instant now) {
        return dora.figures(window, now).stream().filter(f -> f.stage().equals("prod")).findFirst().orElseThrow();
    }

    @Test
    void theFourFiguresPerStage() {
        created("f-1", T0);
        succeeded("prod", "f-1", Kind.AUTO, T0.plus(Duration.ofHours(2)));
        created("f-2", T0.plus(Duration.ofHours(3)));
        failed("prod", "f-2", "payments-prod became DEGRADED", T0.plus(Duration.ofHours(4)));
        succeeded("prod", "f-1", Kind.ROLLBACK, T0.plus(Duration.ofHours(4).plusMinutes(5)));
        created("f-3", T0.plus(Duration.ofHours(5)));
        failed("prod", "f-3", "superseded by newer freight f-4", T0.plus(Duration.ofHours(5)));
        created("f-4", T0.plus(Duration.ofHours(5)));
        succeeded("prod", "f-4", Kind.AUTO, T0.plus(Duration.ofHours(6)));

        dora.health("payments-prod", Health.DEGRADED, T0.plus(Duration.ofHours(4)));
        dora.health("payments-prod", Health.PROGRESSING, T0.plus(Duration.ofHours(4).plusMinutes(1)));
        assertThat(dora.health("payments-prod", Health.HEALTHY, T0.plus(Duration.ofHours(4).plusMinutes(5))))
                .isEqualTo(Duration.ofMinutes(5));

        DoraTracker.Figures prod = prod(Duration.ofDays(1), T0.plus(Duration.ofHours(7)));
        assertThat(prod.deployments()).isEqualTo(3);
        assertThat(prod.deploymentsPerDay()).isEqualTo(3.0);
        // Lead times 2 h (f-1) and 1 h (f-4); the rollback is not a change's lead time.
        assertThat(prod.leadTimeMedian()).isEqualTo(Duration.ofHours(2));
        // One failure and one rollback of four finished promotions; the superseded one is no failed change.
        assertThat(prod.failures()).isEqualTo(1);
        assertThat(prod.rollbacks()).isEqualTo(1);
        assertThat(prod.changeFailureRate()).isEqualTo(0.5);
        assertThat(prod.restores()).isEqualTo(1);
        assertThat(prod.timeToRestoreMedian()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theWindowLeavesOlderActivityOut() {
        created("f-1", T0);
        succeeded("prod", "f-1", Kind.AUTO, T0.plus(Duration.ofHours(1)));
        DoraTracker.Figures later = prod(Duration.ofHours(1), T0.plus(Duration.ofDays(2)));
        assertThat(later.deployments()).isZero();
        assertThat(later.leadTimeMedian()).isNull();
        assertThat(later.changeFailureRate()).isZero();
    }
}
