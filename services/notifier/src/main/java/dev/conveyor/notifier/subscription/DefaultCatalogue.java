package dev.conveyor.notifier.subscription;

import dev.conveyor.declarations.DeclarationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The subscriptions that work out of the box (like Argo CD's notification catalogue), routed to the configured
 * default destinations. Chat destinations get all of them, with a digest window against bursts; PagerDuty gets only
 * what should wake someone and can heal (sync failed, degraded, promotion failed — trigger, then resolve) and a change
 * event per deployment.
 */
public final class DefaultCatalogue {

    public static final String SYNC_FAILED = "on-sync-failed";
    public static final String HEALTH_DEGRADED = "on-health-degraded";
    public static final String DEPLOYED = "on-deployed";
    public static final String PROMOTION_AWAITING_APPROVAL = "on-promotion-awaiting-approval";
    public static final String PROMOTION_FAILED = "on-promotion-failed";
    public static final String DRIFT_DETECTED = "on-drift-detected";
    public static final Set<String> ALL = Set.of(SYNC_FAILED, HEALTH_DEGRADED, DEPLOYED, PROMOTION_AWAITING_APPROVAL,
            PROMOTION_FAILED, DRIFT_DETECTED);

    private static final String SYNC_COMPLETED = "dev.conveyor.sync.completed.v1";
    private static final String HEALTH_CHANGED = "dev.conveyor.health.changed.v1";
    private static final String DRIFT = "dev.conveyor.drift.detected.v1";
    private static final String PROMOTION_BLOCKED = "dev.conveyor.promotion.blocked.v1";
    private static final String PROMOTION_FAILED_TYPE = "dev.conveyor.promotion.failed.v1";
    private static final String PROMOTION_SUCCEEDED = "dev.conveyor.promotion.succeeded.v1";

    private DefaultCatalogue() {
    }

    /**
     * @param enabled      which of {@link #ALL} to build
     * @param destinations the default destinations, by name, with their kinds
     * @param digestWindow digest window for chat and webhook destinations (empty: none)
     */
    public static List<Subscription> build(Set<String> enabled, Map<String, DestinationKind> destinations,
                                           Optional<Duration> digestWindow) {
        List<String> all = List.copyOf(destinations.keySet());
        List<String> chat = destinations.entrySet().stream().filter(e -> e.getValue() != DestinationKind.PAGERDUTY)
                .map(Map.Entry::getKey).toList();
        List<String> pagerDuty = destinations.entrySet().stream().filter(e -> e.getValue() == DestinationKind.PAGERDUTY)
                .map(Map.Entry::getKey).toList();
        List<Subscription> out = new ArrayList<>();
        try {
            if (enabled.contains(SYNC_FAILED)) {
                out.addAll(split(SYNC_FAILED, List.of(SYNC_COMPLETED), "data.result == \"FAILED\"",
                        "data.result == \"SUCCEEDED\"", "\"sync/\" + subject", null, "error", all, chat, digestWindow,
                        Subscription.PagerDutyMode.INCIDENT,
                        "Sync of {data.application} failed", "{data.message}"));
            }
            if (enabled.contains(HEALTH_DEGRADED)) {
                out.addAll(split(HEALTH_DEGRADED, List.of(HEALTH_CHANGED), "data.to == \"DEGRADED\"",
                        "data.to == \"HEALTHY\"", "\"health/\" + subject", null, "critical", all, chat, digestWindow,
                        Subscription.PagerDutyMode.INCIDENT,
                        "{data.application} is {data.to}",
                        "{#for r in data.reasons}{r.kind}/{r.name}: {r.health} {r.message}\n{/for}"));
            }
            if (enabled.contains(DEPLOYED)) {
                out.addAll(split(DEPLOYED, List.of(SYNC_COMPLETED),
                        "data.result == \"SUCCEEDED\" && data.created + data.updated + data.pruned > 0", null, null,
                        "subject + \"@\" + (data.revision != null ? data.revision : \"\")", "info", all, chat,
                        digestWindow, Subscription.PagerDutyMode.CHANGE,
                        "{data.application} deployed {data.revision}",
                        "{data.created} created, {data.updated} updated, {data.pruned} pruned in {data.durationMs} ms"));
            }
            if (enabled.contains(PROMOTION_FAILED)) {
                out.addAll(split(PROMOTION_FAILED, List.of(PROMOTION_FAILED_TYPE, PROMOTION_SUCCEEDED),
                        "type == \"" + PROMOTION_FAILED_TYPE + "\"", "type == \"" + PROMOTION_SUCCEEDED + "\"",
                        "\"promotion/\" + subject", null, "error", all, chat, digestWindow,
                        Subscription.PagerDutyMode.INCIDENT,
                        "Promotion of {data.pipeline} to {data.stage} failed", "{data.reason ?: data.message}"));
            }
            // No resolve exists for these two, so they go to chat only: a page that cannot heal is noise.
            if (enabled.contains(PROMOTION_AWAITING_APPROVAL)) {
                out.add(subscription(PROMOTION_AWAITING_APPROVAL, List.of(PROMOTION_BLOCKED),
                        "data[?\"gate\"].orValue(\"\") == \"APPROVAL\"", null,
                        "\"approval/\" + subject", "subject + \"@\" + data[?\"freight\"].orValue(\"\")", "info", chat,
                        digestWindow, Subscription.PagerDutyMode.INCIDENT,
                        "Promotion of {data.pipeline} to {data.stage} is waiting for approval",
                        "{data.message}\nFreight {data.freight}"));
            }
            if (enabled.contains(DRIFT_DETECTED)) {
                out.add(subscription(DRIFT_DETECTED, List.of(DRIFT), null, null, "\"drift/\" + subject", null,
                        "warning", chat, digestWindow, Subscription.PagerDutyMode.INCIDENT,
                        "Drift in {data.application}",
                        "{#for r in data.resources}{r.kind}/{r.name} {r.reason}\n{/for}"
                                + "{#if data.selfHeal}Self-heal will re-apply Git.{/if}"));
            }
        } catch (DeclarationException e) {
            throw new IllegalStateException("built-in subscription does not compile: " + e.getMessage(), e);
        }
        return out.stream().filter(s -> !s.destinations().isEmpty()).toList();
    }

    /** Chat gets a digest; PagerDuty (incidents or change events) gets every event on its own. */
    private static List<Subscription> split(String name, List<String> types, String condition, String resolveWhen,
                                            String incidentKey, String oncePer, String severity, List<String> all,
                                            List<String> chat, Optional<Duration> digest,
                                            Subscription.PagerDutyMode mode, String title, String body)
            throws DeclarationException {
        List<String> pagerDuty = all.stream().filter(d -> !chat.contains(d)).toList();
        List<Subscription> out = new ArrayList<>();
        out.add(subscription(name, types, condition, resolveWhen, incidentKey, oncePer, severity, chat,
                resolveWhen == null ? digest : Optional.empty(), mode, title, body));
        out.add(subscription(name + "-pagerduty", types, condition, resolveWhen, incidentKey, oncePer, severity,
                pagerDuty, Optional.empty(), mode, title, body));
        return out;
    }

    private static Subscription subscription(String name, List<String> types, String condition, String resolveWhen,
                                             String incidentKey, String oncePer, String severity,
                                             List<String> destinations, Optional<Duration> digest,
                                             Subscription.PagerDutyMode mode, String title, String body)
            throws DeclarationException {
        String f = "default " + name;
        Map<String, MessageTemplate> templates = new LinkedHashMap<>();
        templates.put("default", MessageTemplate.parse(title, body, f + ".templates.default"));
        return new Subscription("default-" + name, Subscription.BUILT_IN, types,
                cel(condition, f + ".condition", CelExpression.Result.BOOL),
                cel(resolveWhen, f + ".resolveWhen", CelExpression.Result.BOOL),
                cel(incidentKey, f + ".incidentKey", CelExpression.Result.STRING),
                cel(oncePer, f + ".oncePer", CelExpression.Result.STRING),
                digest, new SeverityMapping(severity, List.of()), destinations, mode, templates);
    }

    private static Optional<CelExpression> cel(String source, String field, CelExpression.Result result)
            throws DeclarationException {
        return source == null ? Optional.empty() : Optional.of(CelExpression.compile(source, field, result));
    }
}
