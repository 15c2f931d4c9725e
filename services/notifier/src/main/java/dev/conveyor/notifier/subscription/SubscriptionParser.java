package dev.conveyor.notifier.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.Fields;
import dev.conveyor.declarations.KindParser;
import dev.conveyor.declarations.Manifest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates {@code Subscription} documents.
 *
 * <pre>
 * apiVersion: conveyor.dev/v1alpha1
 * kind: Subscription
 * metadata: {name: payments-sync-failed}
 * spec:
 *   events: [dev.conveyor.sync.completed.v1]               # ce_types; "dev.conveyor.promotion.*" matches by prefix
 *   condition: data.result == "FAILED" &amp;&amp; app.labels.team == "payments"   # CEL, optional
 *   resolveWhen: data.result == "SUCCEEDED"               # CEL, optional: the incident is over
 *   incidentKey: '"sync/" + subject'                      # CEL, optional
 *   oncePer: data.application + "@" + data.revision        # CEL, optional
 *   digest: {window: 30s}                                 # optional
 *   severity: {default: error, rules: [{when: 'app.labels.tier == "critical"', severity: critical}]}
 *   destinations: [slack-payments, pagerduty-payments]     # names from conveyor.notifier.destinations
 *   pagerduty: {mode: incident}                            # incident (trigger/resolve) or change
 *   templates:
 *     default: {title: "Sync of {event.subject} failed", body: "{data.message}"}
 *     slack: {body: "*{data.application}* failed at `{data.revision}`: {data.message}"}
 * </pre>
 * Unknown fields, unknown destinations, CEL that does not compile or has the wrong type, and Qute syntax errors are
 * all reported with the field's path.
 */
public final class SubscriptionParser implements KindParser<Subscription> {

    public static final String KIND = "Subscription";
    public static final String API_VERSION = "conveyor.dev/v1alpha1";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Set<String> TEMPLATE_KEYS = Set.of("default", "slack", "pagerduty", "teams", "webhook");

    private final Map<String, DestinationKind> destinations;

    /** @param destinations the destinations configured for this notifier, by name */
    public SubscriptionParser(Map<String, DestinationKind> destinations) {
        this.destinations = Map.copyOf(destinations);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Subscription parse(Manifest manifest) throws DeclarationException {
        ObjectNode body = manifest.body();
        Fields.allowOnly(body, "", Set.of("apiVersion", "kind", "metadata", "spec"));
        if (!API_VERSION.equals(manifest.apiVersion())) {
            throw new DeclarationException("apiVersion", "must be " + API_VERSION);
        }
        if (!Fields.isDns1123Label(manifest.name())) {
            throw new DeclarationException("metadata.name", "must be a DNS-1123 label (lower-case letters, digits and "
                    + "'-', at most 63 characters)");
        }
        ObjectNode spec = Fields.requireObject(body, "", "spec");
        Fields.allowOnly(spec, "spec", Set.of("events", "condition", "resolveWhen", "incidentKey", "oncePer",
                "digest", "severity", "destinations", "pagerduty", "templates"));

        List<String> events = Fields.textList(spec, "spec", "events");
        if (events.isEmpty()) throw new DeclarationException("spec.events", "is required (a list of ce_types)");
        for (int i = 0; i < events.size(); i++) {
            String t = events.get(i).strip();
            if (t.contains(" ") || (t.contains("*") && (!t.endsWith("*") || t.indexOf('*') != t.length() - 1))) {
                throw new DeclarationException(Fields.index("spec.events", i),
                        "must be a ce_type, or a prefix ending in '*' (was '" + t + "')");
            }
        }

        List<String> names = Fields.textList(spec, "spec", "destinations");
        if (names.isEmpty()) throw new DeclarationException("spec.destinations", "is required");
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).strip();
            if (!destinations.containsKey(n)) {
                throw new DeclarationException(Fields.index("spec.destinations", i), "unknown destination '" + n
                        + "' (configured: " + String.join(", ", destinations.keySet().stream().sorted().toList()) + ")");
            }
            if (!seen.add(n)) {
                throw new DeclarationException(Fields.index("spec.destinations", i), "'" + n + "' is listed twice");
            }
        }

        return new Subscription(manifest.name(), manifest.file(), events.stream().map(String::strip).toList(),
                cel(spec, "condition", CelExpression.Result.BOOL),
                cel(spec, "resolveWhen", CelExpression.Result.BOOL),
                cel(spec, "incidentKey", CelExpression.Result.STRING),
                cel(spec, "oncePer", CelExpression.Result.STRING),
                digest(spec), severity(spec), List.copyOf(seen), pagerDuty(spec), templates(spec));
    }

    private static Optional<CelExpression> cel(ObjectNode spec, String field, CelExpression.Result result)
            throws DeclarationException {
        String expression = Fields.text(spec, "spec", field);
        return expression == null ? Optional.empty()
                : Optional.of(CelExpression.compile(expression, "spec." + field, result));
    }

    private static Optional<Duration> digest(ObjectNode spec) throws DeclarationException {
        ObjectNode digest = Fields.object(spec, "spec", "digest");
        if (digest == null) return Optional.empty();
        Fields.allowOnly(digest, "spec.digest", Set.of("window"));
        String window = Fields.requireText(digest, "spec.digest", "window");
        Duration d;
        try {
            d = parseDuration(window.strip());
        } catch (IllegalArgumentException e) {
            throw new DeclarationException("spec.digest.window", "must be a duration such as 30s, 5m or PT1M (was '"
                    + window + "')");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(24)) > 0) {
            throw new DeclarationException("spec.digest.window", "must be more than 0 and at most 24h");
        }
        return Optional.of(d);
    }

    private static SeverityMapping severity(ObjectNode spec) throws DeclarationException {
        ObjectNode severity = Fields.object(spec, "spec", "severity");
        if (severity == null) return SeverityMapping.ERROR;
        String p = "spec.severity";
        Fields.allowOnly(severity, p, Set.of("default", "rules"));
        String def = Fields.text(severity, p, "default");
        def = def == null ? "error" : checkSeverity(def, p + ".default");
        List<SeverityMapping.Rule> rules = new ArrayList<>();
        List<JsonNode> nodes = Fields.list(severity, p, "rules");
        for (int i = 0; i < nodes.size(); i++) {
            String ip = Fields.index(p + ".rules", i);
            JsonNode rule = nodes.get(i);
            if (!rule.isObject()) throw new DeclarationException(ip, "must be an object with when and severity");
            Fields.allowOnly(rule, ip, Set.of("when", "severity"));
            CelExpression when = CelExpression.compile(Fields.requireText(rule, ip, "when"), ip + ".when",
                    CelExpression.Result.BOOL);
            rules.add(new SeverityMapping.Rule(when, checkSeverity(Fields.requireText(rule, ip, "severity"),
                    ip + ".severity")));
        }
        return new SeverityMapping(def, rules);
    }

    private static String checkSeverity(String value, String field) throws DeclarationException {
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (!SeverityMapping.SEVERITIES.contains(s)) {
            throw new DeclarationException(field, "must be one of critical, error, warning, info (was '" + value + "')");
        }
        return s;
    }

    private static Subscription.PagerDutyMode pagerDuty(ObjectNode spec) throws DeclarationException {
        ObjectNode pd = Fields.object(spec, "spec", "pagerduty");
        if (pd == null) return Subscription.PagerDutyMode.INCIDENT;
        Fields.allowOnly(pd, "spec.pagerduty", Set.of("mode"));
        String mode = Fields.text(pd, "spec.pagerduty", "mode");
        if (mode == null || mode.equals("incident")) return Subscription.PagerDutyMode.INCIDENT;
        if (mode.equals("change")) return Subscription.PagerDutyMode.CHANGE;
        throw new DeclarationException("spec.pagerduty.mode", "must be incident or change (was '" + mode + "')");
    }

    private static Map<String, MessageTemplate> templates(ObjectNode spec) throws DeclarationException {
        ObjectNode templates = Fields.object(spec, "spec", "templates");
        Map<String, MessageTemplate> out = new LinkedHashMap<>();
        if (templates == null) return out;
        Fields.allowOnly(templates, "spec.templates", TEMPLATE_KEYS);
        for (Map.Entry<String, JsonNode> e : templates.properties()) {
            String p = "spec.templates." + e.getKey();
            ObjectNode t = Fields.object(templates, "spec.templates", e.getKey());
            Fields.allowOnly(t, p, Set.of("title", "body"));
            String title = Fields.text(t, p, "title");
            String body = Fields.text(t, p, "body");
            if (title == null && body == null) throw new DeclarationException(p, "needs a title or a body");
            out.put(e.getKey(), MessageTemplate.parse(title, body, p));
        }
        return out;
    }

    /** {@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 2h} or ISO-8601 {@code PT30S}. */
    public static Duration parseDuration(String text) {
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        if (text.isEmpty()) throw new IllegalArgumentException("empty duration");
        Matcher m = DURATION.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) throw new IllegalArgumentException("not a duration: " + text);
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end != text.length()) throw new IllegalArgumentException("not a duration: " + text);
        return total;
    }
}
