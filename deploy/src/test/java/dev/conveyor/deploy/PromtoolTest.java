package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.deploy.MonitoringFiles.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules pass Prometheus' own checker, and so does the PromQL of every dashboard panel (wrapped as recording
 * rules, Grafana's variables replaced by plain values). promtool is required: Debian's prometheus package brings it.
 */
class PromtoolTest {

    static Path promtool() {
        return Repo.onPath("promtool").orElseThrow(() -> new AssertionError(
                "promtool is not on the PATH, so " + MonitoringFiles.RULES + " cannot be checked. Install it: "
                        + "apt-get install prometheus (.ci/run does this in CI)."));
    }

    static Repo.Result checkRules(Path file) {
        return Repo.run(List.of(promtool().toString(), "check", "rules", file.toString()));
    }

    @Test
    void alertRulesPassPromtool() {
        Repo.Result r = checkRules(Repo.path(MonitoringFiles.RULES));
        assertThat(r.exit()).as("promtool check rules:\n" + r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout() + r.stderr()).contains("SUCCESS");
    }

    @Test
    void dashboardQueriesParseAsPromQl(@TempDir Path dir) throws IOException {
        ObjectNode file = MonitoringFiles.JSON.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboard-queries").putArray("rules");
        int n = 0;
        for (Query q : MonitoringFiles.queries()) {
            if (q.where().startsWith(MonitoringFiles.RULES) || q.where().contains(" variable ")) {
                continue;
            }
            String expr = q.expr().replace("$__rate_interval", "5m").replace("$__range", "1h").replace("$__interval", "1m")
                    .replaceAll("\\$\\{?\\w+}?", "conveyor");
            rules.addObject().put("record", "conveyor:dashboard_query_" + n++).put("expr", expr);
        }
        assertThat(n).as("dashboard queries").isGreaterThan(30);
        Path rulesFile = dir.resolve("dashboard-queries.yaml");
        MonitoringFiles.YAML.writeValue(rulesFile.toFile(), file);
        Repo.Result r = checkRules(rulesFile);
        assertThat(r.exit()).as("promtool check rules on the dashboards' queries:\n" + r.stdout() + r.stderr()).isZero();
    }
}
