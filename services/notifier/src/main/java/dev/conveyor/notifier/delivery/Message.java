package dev.conveyor.notifier.delivery;

import java.util.List;
import java.util.Map;

/**
 * What a person reads, before a destination gives it its shape (Block Kit, Adaptive Card, PagerDuty payload).
 *
 * @param title one line
 * @param body  text; may be several lines
 * @param links commit, application and the like, in order
 * @param facts short name → value pairs (application, revision, type) shown as fields
 */
public record Message(String title, String body, List<Link> links, Map<String, String> facts) {

    public record Link(String text, String url) {
    }

    public Message {
        links = List.copyOf(links);
        facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
    }
}
