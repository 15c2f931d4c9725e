package dev.conveyor.notifier.destination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.notifier.delivery.Message;
import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.delivery.Phase;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Slack, as Block Kit: a header (the title), a section (the body, mrkdwn), the facts as fields, and buttons for the
 * links. Two ways in:
 * <ul>
 *   <li>an incoming webhook URL (the channel is the webhook's; no threads: webhooks return no message ts);</li>
 *   <li>a bot token and a channel: {@code chat.postMessage}; the first message of an incident starts a thread and the
 *       later ones (its resolve, repeats) reply in it — the ts is kept with the delivery record, so threads survive a
 *       restart.</li>
 * </ul>
 * {@code chat.postMessage} answers 200 with {@code "ok": false} on errors: {@code ratelimited} and Slack's own
 * internal errors are retried, the others (channel_not_found, invalid_auth, ...) are terminal.
 */
public final class SlackNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private final String name;
    private final HttpPoster http;
    private final Optional<Secret> webhookUrl;
    private final Optional<Secret> token;
    private final String channel;
    private final URI apiUrl;
    private final BiFunction<String, String, Optional<String>> threads;

    /**
     * @param threads (destination, incident key) → the ts of the message that started the incident's thread
     */
    public SlackNotifier(String name, HttpPoster http, Optional<Secret> webhookUrl, Optional<Secret> token,
                         Optional<String> channel, URI apiUrl, BiFunction<String, String, Optional<String>> threads) {
        if (webhookUrl.isEmpty() && (token.isEmpty() || channel.isEmpty())) {
            throw new IllegalArgumentException("Slack destination " + name + " needs url, or token and channel");
        }
        this.name = name;
        this.http = http;
        this.webhookUrl = webhookUrl;
        this.token = token;
        this.channel = channel.orElse(null);
        this.apiUrl = apiUrl;
        this.threads = threads;
    }

    @Override
    public Receipt send(Notification n) throws DeliveryException {
        ObjectNode body = blocks(n);
        if (token.isPresent() && channel != null) {
            body.put("channel", channel);
            Optional<String> thread = n.isDigest() ? Optional.empty() : threads.apply(n.destination(), n.incidentKey());
            thread.ifPresent(ts -> body.put("thread_ts", ts));
            HttpPoster.Response response = http.post(name, URI.create(apiUrl.toString().replaceAll("/+$", "") + "/chat.postMessage"),
                    "application/json; charset=utf-8", bytes(body),
                    Map.of("Authorization", "Bearer " + token.get().reveal()), token.get());
            JsonNode answer = parse(response.body());
            if (!answer.path("ok").asBoolean(false)) {
                String error = answer.path("error").asText("unknown_error");
                if (TRANSIENT_ERRORS.contains(error)) throw DeliveryException.transientFailure(name + ": Slack " + error);
                throw DeliveryException.terminal(name + ": Slack " + error);
            }
            // Replies keep the thread of the first message; a first message starts one.
            return new Receipt(thread.orElse(answer.path("ts").asText(null)));
        }
        http.post(name, URI.create(webhookUrl.get().reveal()), "application/json; charset=utf-8", bytes(body), Map.of(),
                webhookUrl.get());
        return Receipt.NONE;
    }

    /** The Block Kit message (public for tests and the docs). */
    public static ObjectNode blocks(Notification n) {
        Message m = n.message();
        String title = (n.phase() == Phase.RESOLVE ? "Resolved: " : "") + m.title();
        ObjectNode root = JSON.createObjectNode();
        root.put("text", limit(title, 3000)); // the notification text and the fallback for clients without blocks
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", limit(title.isBlank() ? n.subscription() : title, 150))
                .put("emoji", true);
        if (!m.body().isBlank()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", limit(m.body(), 3000));
        }
        if (!m.facts().isEmpty()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            ArrayNode fields = section.putArray("fields");
            m.facts().entrySet().stream().limit(10).forEach(f -> fields.addObject().put("type", "mrkdwn")
                    .put("text", limit("*" + f.getKey() + "*\n" + f.getValue(), 2000)));
        }
        if (!m.links().isEmpty()) {
            ObjectNode actions = blocks.addObject().put("type", "actions");
            ArrayNode elements = actions.putArray("elements");
            for (Message.Link link : m.links().stream().limit(25).toList()) {
                ObjectNode button = elements.addObject().put("type", "button");
                button.putObject("text").put("type", "plain_text").put("text", limit(link.text(), 75));
                button.put("url", link.url());
            }
        }
        return root;
    }

    private static byte[] bytes(ObjectNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode parse(String body) throws DeliveryException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw DeliveryException.transientFailure(name + ": Slack answered with something that is not JSON");
        }
    }

    static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public String toString() {
        return "Slack " + name + (token.isPresent() ? " (bot, channel " + channel + ")" : " (incoming webhook)");
    }
}
