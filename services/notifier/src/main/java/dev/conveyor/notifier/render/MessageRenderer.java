package dev.conveyor.notifier.render;

import dev.conveyor.notifier.delivery.Message;
import dev.conveyor.notifier.subscription.DestinationKind;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.notifier.subscription.MessageTemplate;
import dev.conveyor.notifier.subscription.Subscription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a Subscription's template for one event, adds the links a reader needs (the commit, the application) and
 * a few facts, and summarises a burst as one digest message.
 */
public final class MessageRenderer {

    /** A digest lists this many events, then says how many more there were. */
    public static final int DIGEST_LINES = 20;

    private final Optional<String> applicationUrl;

    /**
     * @param applicationUrl a URL with {@code {application}} in it (the application's page in a UI), optional
     */
    public MessageRenderer(Optional<String> applicationUrl) {
        this.applicationUrl = applicationUrl.filter(s -> !s.isBlank());
    }

    public Message render(Subscription subscription, DestinationKind kind, InboundEvent event, Map<String, Object> app) {
        List<Message.Link> links = links(event);
        Map<String, Object> linkModel = new LinkedHashMap<>();
        links.forEach(l -> linkModel.put(l.text().toLowerCase(java.util.Locale.ROOT), l.url()));
        Map<String, Object> eventModel = new LinkedHashMap<>();
        eventModel.put("id", event.id());
        eventModel.put("type", event.type());
        eventModel.put("source", event.source());
        eventModel.put("subject", event.subject());
        eventModel.put("time", event.time() == null ? "" : event.time().toString());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("event", eventModel);
        model.put("data", event.data());
        model.put("app", app == null ? Map.of() : app);
        model.put("links", linkModel);
        MessageTemplate.Rendered text = subscription.template(kind).render(model);
        return new Message(text.title(), text.body(), links, facts(event));
    }

    /** One message for a burst: a count, then one line per event (its rendered title). */
    public Message digest(String subscription, List<Message> messages, List<InboundEvent> events) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < messages.size() && i < DIGEST_LINES; i++) {
            body.append("• ").append(messages.get(i).title()).append('\n');
        }
        if (messages.size() > DIGEST_LINES) {
            body.append("… and ").append(messages.size() - DIGEST_LINES).append(" more\n");
        }
        // The newest event's links: that is the state a reader will want to look at.
        Message last = messages.get(messages.size() - 1);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Events", String.valueOf(events.size()));
        facts.put("Subscription", subscription);
        return new Message(events.size() + " notifications: " + messages.get(0).title(), body.toString().strip(),
                last.links(), facts);
    }

    List<Message.Link> links(InboundEvent event) {
        List<Message.Link> links = new ArrayList<>();
        String repository = event.text("repository");
        String revision = event.text("revision");
        if (repository.startsWith("https://") && revision.matches("[0-9a-f]{7,64}")) {
            links.add(new Message.Link("Commit", repository.replaceAll("/+$", "") + "/commit/" + revision));
        }
        String application = application(event);
        if (applicationUrl.isPresent() && !application.isEmpty()) {
            links.add(new Message.Link("Application", applicationUrl.get().replace("{application}",
                    java.net.URLEncoder.encode(application, java.nio.charset.StandardCharsets.UTF_8))));
        }
        return links;
    }

    private static Map<String, String> facts(InboundEvent event) {
        Map<String, String> facts = new LinkedHashMap<>();
        String application = application(event);
        if (!application.isEmpty()) facts.put("Application", application);
        for (String field : List.of("stage", "revision", "result", "health", "to")) {
            String v = event.text(field);
            if (!v.isEmpty()) facts.put(Character.toUpperCase(field.charAt(0)) + field.substring(1), v);
        }
        facts.put("Event", event.type());
        return facts;
    }

    /** The application an event is about: {@code data.application}, else the subject. */
    public static String application(InboundEvent event) {
        String a = event.text("application");
        return a.isEmpty() ? event.subject() : a;
    }
}
