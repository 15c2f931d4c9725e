package dev.conveyor.notifier.destination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.notifier.delivery.Message;
import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.delivery.Phase;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.notifier.subscription.Subscription;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * PagerDuty Events API v2. An incident subscription sends {@code trigger} with the incident key as {@code dedup_key}
 * (PagerDuty folds repeats into the open incident) and {@code resolve} with the same key when it heals; a change
 * subscription sends a change event ({@code /v2/change/enqueue}) — a successful deployment, shown beside incidents.
 * PagerDuty answers 202; 400 is a payload it will never accept (terminal), 429 and 5xx are retried.
 */
public final class PagerDutyNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpPoster http;
    private final Secret routingKey;
    private final String baseUrl;
    private final String source;

    /**
     * @param baseUrl e.g. {@code https://events.pagerduty.com}
     * @param source  {@code payload.source} when the event names no application: this notifier's name for itself
     */
    public PagerDutyNotifier(String name, HttpPoster http, Secret routingKey, String baseUrl, String source) {
        this.name = name;
        this.http = http;
        this.routingKey = routingKey;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.source = source;
    }

    @Override
    public Receipt send(Notification n) throws DeliveryException {
        boolean change = n.pagerDuty() == Subscription.PagerDutyMode.CHANGE;
        ObjectNode body = change ? changeEvent(n, routingKey.reveal(), source) : alertEvent(n, routingKey.reveal(), source);
        http.post(name, URI.create(baseUrl + (change ? "/v2/change/enqueue" : "/v2/enqueue")), "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8), Map.of(), routingKey);
        return Receipt.NONE;
    }

    /** A {@code trigger} or {@code resolve} (public for tests and the docs). */
    public static ObjectNode alertEvent(Notification n, String routingKey, String defaultSource) {
        ObjectNode root = JSON.createObjectNode();
        root.put("routing_key", routingKey);
        root.put("event_action", n.phase() == Phase.RESOLVE ? "resolve" : "trigger");
        root.put("dedup_key", limit(n.incidentKey(), 255));
        if (n.phase() == Phase.TRIGGER) {
            root.set("payload", payload(n, defaultSource, true));
            root.put("client", "Conveyor");
            links(root, n.message());
        }
        return root;
    }

    /** A change event. */
    public static ObjectNode changeEvent(Notification n, String routingKey, String defaultSource) {
        ObjectNode root = JSON.createObjectNode();
        root.put("routing_key", routingKey);
        root.set("payload", payload(n, defaultSource, false));
        links(root, n.message());
        return root;
    }

    private static ObjectNode payload(Notification n, String defaultSource, boolean alert) {
        InboundEvent e = n.lastEvent();
        ObjectNode payload = JSON.createObjectNode();
        // PagerDuty truncates summaries at 1024 characters; cut them ourselves so nothing is rejected.
        payload.put("summary", limit(n.message().title().isBlank() ? n.subscription() : n.message().title(), 1024));
        String application = n.message().facts().getOrDefault("Application", "");
        payload.put("source", application.isEmpty() ? defaultSource : application);
        if (alert) {
            payload.put("severity", n.severity());
            payload.put("component", application.isEmpty() ? e.subject() : application);
            payload.put("group", n.subscription());
            payload.put("class", e.type());
        }
        payload.put("timestamp", (e.time() == null ? OffsetDateTime.now(ZoneOffset.UTC) : e.time()).toString());
        ObjectNode details = payload.putObject("custom_details");
        n.message().facts().forEach(details::put);
        if (!n.message().body().isBlank()) details.put("details", limit(n.message().body(), 8000));
        details.put("event_id", e.id());
        return payload;
    }

    private static void links(ObjectNode root, Message m) {
        if (m.links().isEmpty()) return;
        ArrayNode links = root.putArray("links");
        m.links().forEach(l -> links.addObject().put("href", l.url()).put("text", l.text()));
    }

    private static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public String toString() {
        return "PagerDuty " + name + " (" + baseUrl + ")";
    }
}
