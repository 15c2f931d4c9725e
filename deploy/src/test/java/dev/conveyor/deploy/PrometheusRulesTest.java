package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.deploy.RenderedObjects.Obj;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The PrometheusRule in the Kustomize base carries exactly the rules of deploy/prometheus/conveyor-rules.yaml. */
class PrometheusRulesTest {

    @Test
    void thePrometheusRuleWrapsTheRuleFileUnchanged() {
        List<Obj> rendered = KustomizeOverlaysTest.render("small");
        JsonNode wrapper = rendered.stream().filter(o -> o.kind().equals("PrometheusRule")).findFirst().orElseThrow().tree();
        assertThat(wrapper.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(wrapper.path("spec").path("groups")).isEqualTo(MonitoringFiles.rules().path("groups"));
    }

    @Test
    void everyAlertHasASeverityASummaryAndAUniqueName() {
        Set<String> names = new HashSet<>();
        int alerts = 0;
        for (JsonNode g : MonitoringFiles.rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                String name = r.path("alert").asText();
                assertThat(name).as("alert name").startsWith("Conveyor");
                assertThat(names.add(name)).as("unique: " + name).isTrue();
                assertThat(r.path("labels").path("severity").asText()).as(name + " severity").isIn("critical", "warning", "info");
                assertThat(r.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
                assertThat(r.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
                alerts++;
            }
        }
        assertThat(names).contains("ConveyorSyncFailures", "ConveyorApplicationsDegraded", "ConveyorConsumerLag",
                "ConveyorNotificationsDeadLettered", "ConveyorWebhooksRejected");
        assertThat(alerts).isGreaterThanOrEqualTo(8);
    }
}
