package dev.conveyor.notifier.destination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.notifier.delivery.Message;
import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.delivery.Phase;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook: a {@code message} whose single attachment is an
 * Adaptive Card (1.4: title, body, facts, and an {@code Action.OpenUrl} per link). The workflow answers 202.
 */
public final class TeamsNotifier implements Notifier {

    public static final String ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpPoster http;
    private final Secret url;

    public TeamsNotifier(String name, HttpPoster http, Secret url) {
        this.name = name;
        this.http = http;
        this.url = url;
    }

    @Override
    public Receipt send(Notification n) throws DeliveryException {
        http.post(name, URI.create(url.reveal()), "application/json", card(n).toString().getBytes(StandardCharsets.UTF_8),
                Map.of(), url);
        return Receipt.NONE;
    }

    /** The message with its Adaptive Card (public for tests and the docs). */
    public static ObjectNode card(Notification n) {
        Message m = n.message();
        ObjectNode root = JSON.createObjectNode();
        root.put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", ADAPTIVE_CARD);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
                .put("style", "heading")
                .put("color", color(n))
                .put("text", (n.phase() == Phase.RESOLVE ? "Resolved: " : "") + m.title());
        if (!m.body().isBlank()) body.addObject().put("type", "TextBlock").put("wrap", true).put("text", m.body());
        if (!m.facts().isEmpty()) {
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            m.facts().forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
        }
        if (!m.links().isEmpty()) {
            ArrayNode actions = card.putArray("actions");
            m.links().forEach(l -> actions.addObject().put("type", "Action.OpenUrl").put("title", l.text()).put("url", l.url()));
        }
        return root;
    }

    /** Adaptive Card colours: green when it is over, red for critical and error, else the default. */
    private static String color(Notification n) {
        if (n.phase() == Phase.RESOLVE) return "Good";
        return "critical".equals(n.severity()) || "error".equals(n.severity()) ? "Attention" : "Default";
    }

    @Override
    public String toString() {
        return "Teams " + name;
    }
}
