package dev.conveyor.deploy;

import dev.conveyor.deploy.MonitoringFiles.Query;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric a dashboard or an alert rule queries exists in a service's real /q/metrics (as its integration test
 * scraped it), by its exact sample name — so a histogram is queried as {@code x_seconds_bucket}, {@code _count} or
 * {@code _sum} only where the service really publishes them — and every label matched on it is one that metric has.
 * The few metrics from elsewhere are listed in {@link #EXTERNAL} with where they come from.
 */
class MetricNamesTest {

    /** Not from a Conveyor service: name → source. */
    static final Map<String, String> EXTERNAL = Map.of(
            "kafka_consumergroup_lag", "Strimzi kafka-exporter (spec.kafkaExporter of the Kafka resource)",
            "kafka_topic_partition_current_offset", "Strimzi kafka-exporter (spec.kafkaExporter of the Kafka resource)");
    /** Labels Prometheus adds to every series it scrapes through the PodMonitors. */
    static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "job", "instance", "container", "endpoint", "service");
    /** Labels of kafka-exporter's series that the queries may match on. */
    static final Set<String> EXPORTER_LABELS = Set.of("consumergroup", "topic", "partition");

    @Test
    void everyQueriedMetricExistsInTheServicesRealScrapes() {
        Scrapes scrapes = Scrapes.load();
        List<Query> queries = MonitoringFiles.queries();
        assertThat(queries).as("queries in dashboards and rules").hasSizeGreaterThan(40);
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Query q : queries) {
            Map<String, Set<String>> metrics = PromQl.metrics(q.expr());
            if (metrics.isEmpty()) {
                problems.add(q.where() + ": no metric in '" + q.expr() + "'");
            }
            for (Map.Entry<String, Set<String>> m : metrics.entrySet()) {
                String name = m.getKey();
                used.add(name);
                if (EXTERNAL.containsKey(name)) {
                    for (String label : m.getValue()) {
                        if (!EXPORTER_LABELS.contains(label) && !TARGET_LABELS.contains(label)) {
                            problems.add(q.where() + ": " + name + " has no label '" + label + "'");
                        }
                    }
                    continue;
                }
                Set<String> labels = scrapes.labels.get(name);
                if (labels == null) {
                    problems.add(q.where() + ": metric " + name + " is in no service's /q/metrics" + hint(name, scrapes));
                    continue;
                }
                for (String label : m.getValue()) {
                    if (!labels.contains(label) && !TARGET_LABELS.contains(label)) {
                        problems.add(q.where() + ": " + name + " has no label '" + label + "' (it has " + new TreeSet<>(labels) + ")");
                    }
                }
            }
        }
        assertThat(problems).as("metric names and labels that do not exist").isEmpty();
        // The services' own metrics are the point of the dashboards: each service is queried somewhere.
        for (String prefix : List.of("conveyor_ingest_", "conveyor_syncer_", "conveyor_images_", "conveyor_promoter_", "conveyor_notifier_")) {
            assertThat(used).as("metrics used").anyMatch(n -> n.startsWith(prefix));
        }
    }

    private static String hint(String name, Scrapes scrapes) {
        String family = name.replaceAll("_(bucket|count|sum|max|total)$", "");
        List<String> close = scrapes.labels.keySet().stream().filter(n -> n.startsWith(family)).sorted().toList();
        return close.isEmpty() ? "" : " (the scrapes have " + close + ")";
    }

    @Test
    void theExtractorFindsMetricsNotFunctionsKeywordsOrLabels() {
        Map<String, Set<String>> m = PromQl.metrics("histogram_quantile(0.95, sum by (le, stage) (rate(x_seconds_bucket{namespace=\"$namespace\", stage=~\"a|b\"}[$__rate_interval]))) "
                + "/ on (stage) group_left sum without (pod) (y_total{result=\"failed\"} offset 5m) or vector(0) > bool 3");
        assertThat(m).containsOnlyKeys("x_seconds_bucket", "y_total");
        assertThat(m.get("x_seconds_bucket")).containsExactly("namespace", "stage");
        assertThat(m.get("y_total")).containsExactly("result");
        assertThat(PromQl.metrics("sum(up) > 0 and max(z{a=\"{b}\"})")).containsOnlyKeys("up", "z");
    }
}
