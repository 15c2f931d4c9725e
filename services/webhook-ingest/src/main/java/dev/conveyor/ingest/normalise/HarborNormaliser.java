package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Harbor webhooks in all three payload shapes:
 * <ul>
 *   <li>Default (Harbor 2.x): {@code type} {@code PUSH_ARTIFACT}, {@code event_data.resources[]}, {@code occur_at};
 *   <li>CloudEvents (Harbor 2.8+): {@code type} {@code harbor.artifact.pushed}, {@code data.resources[]},
 *       {@code time};
 *   <li>legacy Harbor 1.x: {@code event_type} {@code pushImage}, {@code events[]}, {@code trigger_time}; these name no
 *       registry host, so the configured one is used.
 * </ul>
 * One event per resource with a real tag. Harbor also notifies pushes by digest (the "tag" is then the digest, or
 * empty): no tag moved, so those resources are skipped.
 */
public final class HarborNormaliser implements Normaliser {

    /** The configuration key of the registry host for legacy payloads (read by the service, passed in here). */
    public static final String REGISTRY_CONFIG_KEY = "conveyor.ingest.receivers.harbor.registry";

    private final Optional<String> configuredRegistry;

    /**
     * @param configuredRegistry registry host for Harbor 1.x payloads, which do not name one
     * @throws IllegalArgumentException when it is not a registry host[:port]
     */
    public HarborNormaliser(Optional<String> configuredRegistry) {
        Optional<String> value = configuredRegistry == null ? Optional.empty()
                : configuredRegistry.map(String::trim).filter(s -> !s.isEmpty());
        if (value.isPresent()) {
            try {
                value = Optional.of(Images.registry(value.get(), REGISTRY_CONFIG_KEY));
            } catch (MalformedWebhookException e) {
                throw new IllegalArgumentException(REGISTRY_CONFIG_KEY + ": " + e.getMessage(), e);
            }
        }
        this.configuredRegistry = value;
    }

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String type = Json.text(body, "type");
        if (type != null) {
            return switch (type) {
                case "PUSH_ARTIFACT" -> resources(body, "event_data", Json.instant(body, "occur_at"));
                case "harbor.artifact.pushed" -> resources(body, "data", Json.instant(body, "time"));
                default -> Normalised.Ignored.because("Harbor " + Json.quote(type) + " event is not an artifact push");
            };
        }
        String legacyType = Json.text(body, "event_type");
        if (legacyType != null) {
            return legacyType.equals("pushImage")
                    ? legacy(body)
                    : Normalised.Ignored.because("Harbor " + Json.quote(legacyType) + " event is not an image push");
        }
        throw new MalformedWebhookException("missing required field 'type' (or 'event_type' of Harbor 1.x)");
    }

    private static Normalised resources(JsonNode body, String dataField, Instant pushedAt)
            throws MalformedWebhookException {
        JsonNode data = Json.requiredNode(body, dataField);
        Json.requiredNode(data, dataField, "resources");
        List<JsonNode> resources = Json.array(data, "resources");
        String repoFullName = Json.text(data, "repository.repo_full_name");
        List<ConveyorEvent> events = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode r = resources.get(i);
            String where = dataField + ".resources[" + i + "]";
            String tag = Json.text(r, "tag");
            if (Images.isNoTag(tag)) {
                continue;
            }
            String resourceUrl = Json.requiredText(r, where, "resource_url");
            int slash = resourceUrl.indexOf('/');
            if (slash <= 0) {
                throw new MalformedWebhookException(
                        "field '" + where + ".resource_url' names no registry host: " + Json.quote(resourceUrl));
            }
            String registry = Images.registry(resourceUrl.substring(0, slash), where + ".resource_url");
            String repository = repoFullName != null
                    ? Images.repository(repoFullName, dataField + ".repository.repo_full_name")
                    : Images.repository(stripReference(resourceUrl.substring(slash + 1)), where + ".resource_url");
            events.add(Images.tagged(registry, repository, Images.tag(tag, where + ".tag"),
                    Json.text(r, "digest"), null, "harbor", pushedAt));
        }
        return events.isEmpty()
                ? Normalised.Ignored.because("artifact pushed by digest, no tag moved")
                : new Normalised.Events(events);
    }

    private Normalised legacy(JsonNode body) throws MalformedWebhookException {
        Json.requiredNode(body, "events");
        List<JsonNode> items = Json.array(body, "events");
        List<ConveyorEvent> events = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode e = items.get(i);
            String where = "events[" + i + "]";
            String tag = Json.text(e, "tag");
            if (Images.isNoTag(tag)) {
                continue;
            }
            String registry = configuredRegistry.orElseThrow(() -> new MalformedWebhookException(
                    "Harbor 1.x payloads do not name the registry host; configure it as " + REGISTRY_CONFIG_KEY));
            String fullName = Json.text(e, "full_name");
            if (fullName == null) {
                String repoName = Json.requiredText(e, where, "repo_name");
                String project = Json.text(e, "project");
                fullName = repoName.contains("/") || project == null ? repoName : project + "/" + repoName;
            }
            // image_id is not a digest (no algorithm prefix); 1.x payloads tell no media type.
            events.add(Images.tagged(registry, Images.repository(fullName, where + ".full_name"),
                    Images.tag(tag, where + ".tag"), null, null, "harbor", Json.instant(e, "trigger_time")));
        }
        return events.isEmpty()
                ? Normalised.Ignored.because("artifact pushed by digest, no tag moved")
                : new Normalised.Events(events);
    }

    /** {@code project/repo:tag} or {@code project/repo@sha256:...} → {@code project/repo}. */
    private static String stripReference(String path) {
        String p = path;
        int at = p.indexOf('@');
        if (at >= 0) {
            p = p.substring(0, at);
        }
        int colon = p.lastIndexOf(':');
        if (colon > p.lastIndexOf('/')) {
            p = p.substring(0, colon);
        }
        return p;
    }
}
