package dev.conveyor.notifier.subscription;

import java.util.List;
import java.util.Set;

/**
 * Severity of a trigger, as PagerDuty's Events API v2 knows them: the first rule whose condition holds, else the
 * default. A rule that fails to evaluate is skipped.
 */
public record SeverityMapping(String defaultSeverity, List<Rule> rules) {

    public static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    public static final SeverityMapping ERROR = new SeverityMapping("error", List.of());

    public record Rule(CelExpression when, String severity) {
    }

    public SeverityMapping {
        rules = List.copyOf(rules);
    }

    public String severityOf(CelExpression.Variables variables) {
        for (Rule rule : rules) {
            try {
                if (rule.when().test(variables)) return rule.severity();
            } catch (CelExpression.EvaluationException e) {
                // A rule about a field this event lacks does not apply to it.
            }
        }
        return defaultSeverity;
    }
}
