package dev.conveyor.notifier.subscription;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTemplateTest {

    static final Map<String, Object> MODEL = Map.of(
            "event", Map.of("subject", "payments-api", "type", "dev.conveyor.sync.completed.v1"),
            "data", Map.of("application", "payments-api", "reasons", List.of(Map.of("kind", "Deployment", "name", "api"))),
            "app", Map.of("labels", Map.of("team", "payments")),
            "links", Map.of());

    @Test
    void rendersMapsListsAndDefaults() throws Exception {
        MessageTemplate t = MessageTemplate.parse("{data.application} ({app.labels.team})",
                "{#for r in data.reasons}{r.kind}/{r.name}{/for} {data.missing ?: 'n/a'}", "t");
        MessageTemplate.Rendered r = t.render(MODEL);
        assertThat(r.title()).isEqualTo("payments-api (payments)");
        assertThat(r.body()).isEqualTo("Deployment/api n/a");
    }

    @Test
    void aMissingValueRendersAsNothing() throws Exception {
        assertThat(MessageTemplate.parse("x{data.nope}y", null, "t").render(MODEL).title()).isEqualTo("xy");
    }

    @Test
    void aKindTemplateFallsBackToTheDefaultPerPart() throws Exception {
        MessageTemplate own = MessageTemplate.parse(null, "own body", "t");
        MessageTemplate shared = MessageTemplate.parse("shared title", "shared body", "t");
        MessageTemplate.Rendered r = own.orElse(shared).render(MODEL);
        assertThat(r.title()).isEqualTo("shared title");
        assertThat(r.body()).isEqualTo("own body");
    }
}
