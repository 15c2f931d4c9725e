package dev.conveyor.promoter;

import dev.conveyor.events.PromotionEvent.Kind;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.promoter.pipeline.Pipeline;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The promoter's metrics as Prometheus scrapes them (the same registry type Quarkus serves at /q/metrics). */
class PromoterMetricsTest {

    static final String SHA = "1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d";

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PromoterMetrics metrics = new PromoterMetrics(registry);

    static Pipeline payments() {
        return new Pipeline("payments", List.of(), List.of(stage("dev"), stage("prod")), "pipelines/payments.yaml");
    }

    static Pipeline.Stage stage(String name) {
        return new Pipeline.Stage(name, "payments-" + name,
                new Pipeline.WriteTarget("https://git.example/deploy.git", "main", name + ".yaml", "kustomize", true, false),
                Pipeline.Gates.open(), Duration.ofMinutes(10));
    }

    /** The scrape, in the text format /q/metrics serves (no comma after a series' last label). */
    String scrape() {
        return registry.scrape().replace(",}", "}");
    }

    @Test
    void leadTimeBucketsSpanSecondsToAMonth() {
        metrics.leadTime("payments", "prod", Duration.ofHours(3));
        metrics.leadTime("payments", "prod", Duration.ofDays(5));
        String scrape = scrape();
        // Micrometer's default timer histogram ended at le="30.0": both would have been in +Inf only.
        assertThat(scrape)
                .contains("conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"5.0\"} 0.0")
                .contains("conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"7200.0\"} 0.0")
                .contains("conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"14400.0\"} 1.0")
                .contains("conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"259200.0\"} 1.0")
                .contains("conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"604800.0\"} 2.0")
                .contains("conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"2592000.0\"} 2.0")
                .contains("conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"+Inf\"} 2.0")
                .contains("conveyor_promoter_lead_time_seconds_count{pipeline=\"payments\",stage=\"prod\"} 2.0");
        assertThat(scrape.lines().filter(l -> l.startsWith("conveyor_promoter_lead_time_seconds_bucket{"))
                .count()).as("buckets, +Inf included").isEqualTo(PromoterMetrics.DELIVERY_BUCKETS.size() + 1);
    }

    @Test
    void gateWaitAndTimeToRestoreHaveTheSameBuckets() {
        metrics.gateWait("payments", "prod", Duration.ofHours(20));
        metrics.timeToRestore("payments-prod", Duration.ofMinutes(7));
        assertThat(scrape())
                .contains("conveyor_promoter_gate_wait_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"43200.0\"} 0.0")
                .contains("conveyor_promoter_gate_wait_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"86400.0\"} 1.0")
                .contains("conveyor_promoter_time_to_restore_seconds_bucket{application=\"payments-prod\",le=\"300.0\"} 0.0")
                .contains("conveyor_promoter_time_to_restore_seconds_bucket{application=\"payments-prod\",le=\"600.0\"} 1.0")
                .contains("conveyor_promoter_time_to_restore_seconds_sum{application=\"payments-prod\"} 420.0");
    }

    @Test
    void declaredStagesHaveTheirSeriesAtZeroBeforeTheFirstEvent() {
        metrics.register(List.of(payments()));
        metrics.register(List.of(payments())); // a reload registers nothing twice
        String scrape = scrape();
        for (String stage : List.of("dev", "prod")) {
            String tags = "pipeline=\"payments\",stage=\"" + stage + "\"";
            assertThat(scrape)
                    .contains("conveyor_promoter_deployments_total{" + tags + "} 0.0")
                    .contains("conveyor_promoter_change_failures_total{cause=\"failed\"," + tags + "} 0.0")
                    .contains("conveyor_promoter_change_failures_total{cause=\"rollback\"," + tags + "} 0.0")
                    .contains("conveyor_promoter_promotions_total{pipeline=\"payments\",result=\"succeeded\",stage=\"" + stage + "\"} 0.0")
                    .contains("conveyor_promoter_promotions_total{pipeline=\"payments\",result=\"failed\",stage=\"" + stage + "\"} 0.0")
                    .contains("conveyor_promoter_lead_time_seconds_count{" + tags + "} 0.0")
                    .contains("conveyor_promoter_time_to_restore_seconds_count{application=\"payments-" + stage + "\"} 0.0");
        }
        // Only stages after the first have gates.
        assertThat(scrape).contains("conveyor_promoter_gate_wait_seconds_count{pipeline=\"payments\",stage=\"prod\"} 0.0")
                .doesNotContain("conveyor_promoter_gate_wait_seconds_count{pipeline=\"payments\",stage=\"dev\"");

        // The events then count on the same series.
        metrics.dora(new PromotionSucceeded("payments", "prod", "f-1", Kind.AUTO, "payments-prod", SHA, SHA));
        metrics.dora(new PromotionSucceeded("payments", "prod", "f-0", Kind.ROLLBACK, "payments-prod", SHA, SHA));
        metrics.dora(new PromotionFailed("payments", "prod", "f-2", Kind.AUTO, "payments-prod", SHA, "payments-prod became DEGRADED"));
        metrics.dora(new PromotionFailed("payments", "prod", "f-3", Kind.AUTO, "payments-prod", SHA, "superseded by newer freight f-4"));
        assertThat(scrape())
                .contains("conveyor_promoter_deployments_total{pipeline=\"payments\",stage=\"prod\"} 2.0")
                .contains("conveyor_promoter_change_failures_total{cause=\"failed\",pipeline=\"payments\",stage=\"prod\"} 1.0")
                .contains("conveyor_promoter_change_failures_total{cause=\"rollback\",pipeline=\"payments\",stage=\"prod\"} 1.0");
    }
}
