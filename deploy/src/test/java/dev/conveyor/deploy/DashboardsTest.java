package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboards: one overview and one per service, Grafana 10+ schema, every panel querying Prometheus. */
class DashboardsTest {

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
}
