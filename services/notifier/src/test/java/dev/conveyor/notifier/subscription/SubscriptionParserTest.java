package dev.conveyor.notifier.subscription;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.Manifest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionParserTest {

    static final SubscriptionParser PARSER = new SubscriptionParser(Map.of("slack-payments", DestinationKind.SLACK,
            "pd-payments", DestinationKind.PAGERDUTY));

    static Subscription parse(String yaml) throws Exception {
        ObjectNode body = (ObjectNode) new YAMLMapper().readTree(yaml);
        return PARSER.parse(Manifest.of(body, "subs/s.yaml", 0));
    }

    static String valid(String specExtra) {
        return """
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: payments}
                spec:
                  events: [dev.conveyor.sync.completed.v1]
                  destinations: [slack-payments, pd-payments]
                """ + specExtra;
    }

    @Test
    void parsesACompleteSubscription() throws Exception {
        Subscription s = parse(valid("""
                  condition: data.result == "FAILED" && app.labels.team == "payments"
                  resolveWhen: data.result == "SUCCEEDED"
                  incidentKey: '"sync/" + subject'
                  oncePer: data.application + "@" + data.revision
                  digest: {window: 1m30s}
                  severity: {default: warning, rules: [{when: 'data.application.endsWith("-prod")', severity: critical}]}
                  pagerduty: {mode: incident}
                  templates:
                    default: {title: "Sync of {data.application} failed", body: "{data.message}"}
                    slack: {body: "*{data.application}*"}
                """));
        assertThat(s.name()).isEqualTo("payments");
        assertThat(s.declaredIn()).isEqualTo("subs/s.yaml");
        assertThat(s.digestWindow()).contains(Duration.ofSeconds(90));
        assertThat(s.severity().defaultSeverity()).isEqualTo("warning");
        assertThat(s.destinations()).containsExactly("slack-payments", "pd-payments");
        assertThat(s.handlesType("dev.conveyor.sync.completed.v1")).isTrue();
        assertThat(s.handlesType("dev.conveyor.sync.requested.v1")).isFalse();
    }

    @Test
    void eachMistakeNamesItsField() {
        assertField(valid("  condition: data.result ==\n"), "spec.condition");
        assertField(valid("  condition: '\"a string\"'\n"), "spec.condition");
        assertField(valid("  oncePer: 'data.x == 1'\n"), "spec.oncePer");
        assertField(valid("  digest: {window: soon}\n"), "spec.digest.window");
        assertField(valid("  severity: {default: urgent}\n"), "spec.severity.default");
        assertField(valid("  severity: {rules: [{when: 'true', severity: loud}]}\n"), "spec.severity.rules[0].severity");
        assertField(valid("  templates: {slack: {title: \"{#if}\"}}\n"), "spec.templates.slack.title");
        assertField(valid("  templates: {email: {title: x}}\n"), "spec.templates.email");
        assertField(valid("  pagerduty: {mode: page}\n"), "spec.pagerduty.mode");
        assertField(valid("  conditon: 'true'\n"), "spec.conditon");
        assertField(valid("").replace("[slack-payments, pd-payments]", "[slack-payments, slack-typo]"),
                "spec.destinations[1]");
        assertField(valid("").replace("  events: [dev.conveyor.sync.completed.v1]\n", ""), "spec.events");
        assertField(valid("").replace("payments}", "Payments}"), "metadata.name");
    }

    static void assertField(String yaml, String field) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(DeclarationException.class)
                .satisfies(e -> assertThat(((DeclarationException) e).field()).isEqualTo(field));
    }

    @Test
    void prefixPatternsMatchNewEventTypes() throws Exception {
        Subscription s = parse(valid("").replace("[dev.conveyor.sync.completed.v1]", "[\"dev.conveyor.promotion.*\"]"));
        assertThat(s.handlesType("dev.conveyor.promotion.blocked.v1")).isTrue();
        assertThat(s.handlesType("dev.conveyor.sync.completed.v1")).isFalse();
    }
}
