package dev.conveyor.notifier.subscription;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CelExpressionTest {

    static CelExpression.Variables vars() {
        Map<String, Object> data = new HashMap<>();
        data.put("result", "FAILED");
        data.put("created", 2); // Jackson gives Integer: CEL needs int64
        data.put("revision", null);
        data.put("resources", List.of(Map.of("kind", "Deployment")));
        return CelExpression.Variables.of(new InboundEvent("id-1", "dev.conveyor.sync.completed.v1", "/syncer",
                "payments-api", OffsetDateTime.parse("2026-11-30T10:00:00Z"), data, null),
                Map.of("name", "payments-api", "labels", Map.of("team", "payments")));
    }

    static boolean test(String expression) throws Exception {
        return CelExpression.compile(expression, "f", CelExpression.Result.BOOL).test(vars());
    }

    @Test
    void seesTheCloudEventAndTheApplication() throws Exception {
        assertThat(test("type == \"dev.conveyor.sync.completed.v1\" && subject == \"payments-api\"")).isTrue();
        assertThat(test("source == \"/syncer\" && id == \"id-1\" && time.startsWith(\"2026-11-30\")")).isTrue();
        assertThat(test("data.result == \"FAILED\" && data.created > 1 && app.labels.team == \"payments\"")).isTrue();
        assertThat(test("data.resources.exists(r, r.kind == \"Deployment\")")).isTrue();
        assertThat(test("data.revision == null")).isTrue();
        assertThat(test("data[?\"absent\"].orValue(\"\") == \"\"")).isTrue();
    }

    @Test
    void aMissingFieldIsAnEvaluationError() throws Exception {
        CelExpression e = CelExpression.compile("data.absent == \"x\"", "f", CelExpression.Result.BOOL);
        assertThatThrownBy(() -> e.test(vars())).isInstanceOf(CelExpression.EvaluationException.class);
    }

    @Test
    void keysAreText() throws Exception {
        assertThat(CelExpression.compile("subject + \"@\" + (data.revision != null ? data.revision : \"none\")", "f",
                CelExpression.Result.STRING).text(vars())).isEqualTo("payments-api@none");
    }
}
