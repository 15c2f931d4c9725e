package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards: one overview and one per service, Grafana 10+ schema, every panel querying Prometheus, no
 * two panels on the same cells; the DORA delivery figures on the overview and the promoter's dashboard.
 */
class DashboardsTest {

    static final String DORA_ROW = "Delivery (DORA)";
    /** DORA figure → the promoter metric it is computed from (docs/promoter.md, "Delivery metrics"). */
    static final Map<String, String> DORA_FIGURES = Map.of(
            "deployment frequency", "conveyor_promoter_deployments_total",
            "lead time for changes", "conveyor_promoter_lead_time_seconds_",
            "change failure rate", "conveyor_promoter_change_failures_total",
            "time to restore", "conveyor_promoter_time_to_restore_seconds_");
    /**
     * The DORA metrics that have no {@code pipeline} label: time to restore is recorded from the syncer's
     * HealthChanged, which names an application only. A panel cannot filter them by the Pipeline variable
     * ({@link MetricNamesTest} rejects a label the metric does not have), so they are exempt from the pipeline filter
     * and scoped to the namespace alone; every other DORA metric is filtered by {@code pipeline=~"$pipeline"} in each
     * of its selectors.
     */
    static final Set<String> DORA_WITHOUT_PIPELINE = Set.of("conveyor_promoter_time_to_restore_seconds_");

    @Test
    void anOverviewAndOneDashboardPerService() {
        Set<String> files = new HashSet<>();
        MonitoringFiles.dashboards().forEach(p -> files.add(p.getFileName().toString()));
        assertThat(files).contains("conveyor-overview.json");
        for (String service : Repo.SERVICES) {
            assertThat(files).contains("conveyor-" + service + ".json");
        }
    }

    @Test
    void dashboardsAreWellFormedForGrafana10() {
        Set<String> uids = new HashSet<>();
        for (Path p : MonitoringFiles.dashboards()) {
            JsonNode d = MonitoringFiles.json(p);
            String id = p.getFileName().toString();
            assertThat(d.path("schemaVersion").asInt()).as(id + " schemaVersion (Grafana 10: 37+)").isGreaterThanOrEqualTo(37);
            assertThat(uids.add(d.path("uid").asText())).as(id + " unique uid").isTrue();
            assertThat(d.path("uid").asText().length()).as(id + " uid length").isBetween(1, 40);
            assertThat(d.path("title").asText()).as(id + " title").startsWith("Conveyor / ");
            assertThat(d.has("id")).as(id + " carries no instance id").isFalse();
            Set<String> variables = new HashSet<>();
            d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            assertThat(variables).as(id + " variables").contains("datasource", "namespace");
            List<JsonNode> panels = new ArrayList<>();
            d.path("panels").forEach(panels::add);
            Set<Integer> ids = new HashSet<>();
            int queried = 0;
            for (JsonNode panel : panels) {
                assertThat(ids.add(panel.path("id").asInt())).as(id + " unique panel id " + panel.path("id")).isTrue();
                JsonNode grid = panel.path("gridPos");
                assertThat(grid.path("w").asInt()).as(id + " panel width").isBetween(1, 24);
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(id + " panel fits the grid").isLessThanOrEqualTo(24);
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asText()).as(id + " panel datasource").isEqualTo("${datasource}");
                assertThat(panel.path("targets").size()).as(id + " panel '" + panel.path("title").asText() + "' targets").isPositive();
                for (JsonNode t : panel.path("targets")) {
                    assertThat(t.path("expr").asText()).as(id + " expr").isNotBlank();
                    assertThat(t.path("expr").asText()).as(id + " expr scoped to the namespace").contains("namespace=\"$namespace\"");
                }
                queried++;
            }
            assertThat(queried).as(id + " panels").isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void panelsDoNotOverlap() {
        for (Path p : MonitoringFiles.dashboards()) {
            List<JsonNode> panels = new ArrayList<>();
            MonitoringFiles.json(p).path("panels").forEach(panels::add);
            for (int i = 0; i < panels.size(); i++) {
                for (int j = i + 1; j < panels.size(); j++) {
                    JsonNode a = panels.get(i).path("gridPos");
                    JsonNode b = panels.get(j).path("gridPos");
                    boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                            && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                            && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                            && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                    assertThat(overlap).as(p.getFileName() + ": panels " + panels.get(i).path("id") + " and "
                            + panels.get(j).path("id") + " overlap").isFalse();
                }
            }
        }
    }

    @Test
    void theOverviewAndThePromoterDashboardShowTheDoraFigures() {
        for (String file : List.of("conveyor-overview.json", "conveyor-promoter.json")) {
            JsonNode d = MonitoringFiles.json(Repo.path("deploy/grafana/" + file));
            Set<String> variables = new HashSet<>();
            d.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            assertThat(variables).as(file + " variables").contains("pipeline", "stage");
            List<JsonNode> row = doraRow(d, file);
            assertThat(row).as(file + " panels in the " + DORA_ROW + " row").isNotEmpty();
            for (JsonNode panel : row) {
                String title = file + " panel '" + panel.path("title").asText() + "'";
                for (JsonNode t : panel.path("targets")) {
                    String expr = t.path("expr").asText();
                    Map<String, Set<String>> metrics = PromQl.metrics(expr);
                    assertThat(metrics.keySet()).as(title + " metrics")
                            .allMatch(m -> DORA_FIGURES.values().stream().anyMatch(m::startsWith));
                    boolean byPipeline = false;
                    for (Map.Entry<String, Set<String>> m : metrics.entrySet()) {
                        if (DORA_WITHOUT_PIPELINE.stream().anyMatch(m.getKey()::startsWith)) {
                            continue;
                        }
                        assertThat(m.getValue()).as(title + ": " + m.getKey() + " filtered by the pipeline variable").contains("pipeline");
                        byPipeline = true;
                    }
                    if (byPipeline) {
                        assertThat(expr).as(title + " filtered by the pipeline variable").contains("pipeline=~\"$pipeline\"");
                    }
                }
            }
            for (Map.Entry<String, String> figure : DORA_FIGURES.entrySet()) {
                assertThat(row).as(file + ": a panel for " + figure.getKey() + " (" + figure.getValue() + ")")
                        .anyMatch(panel -> title(panel).contains(figure.getKey()) && uses(panel, figure.getValue()));
            }
            assertThat(row).as(file + ": lead time in seconds")
                    .anyMatch(panel -> title(panel).contains("lead time") && unit(panel).equals("s"));
            assertThat(row).as(file + ": time to restore in seconds")
                    .anyMatch(panel -> title(panel).contains("time to restore") && unit(panel).equals("s"));
            for (String type : List.of("stat", "timeseries")) {
                assertThat(row).as(file + ": change failure rate as a " + type + " in percent")
                        .anyMatch(panel -> title(panel).contains("change failure rate")
                                && panel.path("type").asText().equals(type) && unit(panel).equals("percentunit"));
            }
        }
    }

    /** The panels below the DORA row, up to the next row. */
    private static List<JsonNode> doraRow(JsonNode dashboard, String file) {
        List<JsonNode> rows = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (p.path("type").asText().equals("row")) {
                rows.add(p);
            }
        });
        JsonNode dora = rows.stream().filter(r -> r.path("title").asText().equals(DORA_ROW)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no row '" + DORA_ROW + "'"));
        int from = dora.path("gridPos").path("y").asInt();
        int to = rows.stream().mapToInt(r -> r.path("gridPos").path("y").asInt()).filter(y -> y > from).min()
                .orElse(Integer.MAX_VALUE);
        List<JsonNode> out = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            int y = p.path("gridPos").path("y").asInt();
            if (!p.path("type").asText().equals("row") && y > from && y < to) {
                out.add(p);
            }
        });
        return out;
    }

    private static String title(JsonNode panel) {
        return panel.path("title").asText().toLowerCase();
    }

    private static String unit(JsonNode panel) {
        return panel.path("fieldConfig").path("defaults").path("unit").asText();
    }

    private static boolean uses(JsonNode panel, String metricPrefix) {
        for (JsonNode t : panel.path("targets")) {
            if (PromQl.metrics(t.path("expr").asText()).keySet().stream().anyMatch(m -> m.startsWith(metricPrefix))) {
                return true;
            }
        }
        return false;
    }
}
