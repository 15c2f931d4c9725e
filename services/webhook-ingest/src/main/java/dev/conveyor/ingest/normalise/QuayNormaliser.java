package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Quay (quay.io and Red Hat Quay) "Repository Push" notifications sent by the "Webhook POST" method: one event per
 * entry of {@code updated_tags}. The registry and repository come from {@code docker_url}
 * ({@code quay.example.com/namespace/repo}); without it, from {@code repository} on quay.io. Quay tells neither the
 * digest nor the time.
 */
public final class QuayNormaliser implements Normaliser {

    static final String QUAY_IO = "quay.io";

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        if (Json.node(body, "updated_tags") == null) {
            throw new MalformedWebhookException(
                    "missing required field 'updated_tags' (only Quay repository push notifications are understood)");
        }
        String registry;
        String repository;
        String dockerUrl = Json.text(body, "docker_url");
        if (dockerUrl != null) {
            String u = dockerUrl.trim().replaceFirst("^(?i)https?://", "");
            int slash = u.indexOf('/');
            if (slash <= 0) {
                throw new MalformedWebhookException("field 'docker_url' has no repository path: " + Json.quote(dockerUrl));
            }
            registry = Images.registry(u.substring(0, slash), "docker_url");
            repository = Images.repository(u.substring(slash + 1), "docker_url");
        } else {
            registry = QUAY_IO;
            repository = Images.repository(Json.requiredText(body, "repository"), "repository");
        }
        List<String> tags = Json.strings(body, "updated_tags");
        List<ConveyorEvent> events = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            events.add(Images.tagged(registry, repository, Images.tag(tags.get(i), "updated_tags[" + i + "]"),
                    null, null, "quay", null));
        }
        if (events.isEmpty()) {
            return Normalised.Ignored.because("Quay push with no updated tags");
        }
        return new Normalised.Events(events);
    }
}
