package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CNCF Distribution (the "registry" image, also GitLab's and many self-hosted registries) notification envelopes
 * {@code {"events":[...]}}: the events of one envelope are unrelated. One ImageTagged per event that pushed a manifest
 * or an index with a tag; blob pushes (layers and configs, never tagged), untagged manifest pushes, pulls, mounts and
 * deletes are skipped. The registry is the event's {@code request.host}, the host the client pushed to.
 */
public final class DistributionNormaliser implements Normaliser {

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        Json.requiredNode(body, "events");
        List<JsonNode> items = Json.array(body, "events");
        List<ConveyorEvent> events = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode e = items.get(i);
            String where = "events[" + i + "]";
            String action = Json.requiredText(e, where, "action");
            if (!action.equals("push")) {
                skipped.merge(action, 1, Integer::sum);
                continue;
            }
            String mediaType = Json.text(e, "target.mediaType");
            if (!isManifest(mediaType, Json.text(e, "target.url"))) {
                skipped.merge("blob push", 1, Integer::sum);
                continue;
            }
            String tag = Json.text(e, "target.tag");
            if (tag == null) {
                skipped.merge("untagged manifest push", 1, Integer::sum);
                continue;
            }
            events.add(Images.tagged(
                    Images.registry(Json.requiredText(e, where, "request.host"), where + ".request.host"),
                    Images.repository(Json.requiredText(e, where, "target.repository"), where + ".target.repository"),
                    Images.tag(tag, where + ".target.tag"),
                    Json.text(e, "target.digest"), mediaType, "distribution", Json.instant(e, "timestamp")));
        }
        if (!events.isEmpty()) {
            return new Normalised.Events(events);
        }
        String counts = skipped.entrySet().stream()
                .map(en -> en.getValue() + " " + plural(en.getKey(), en.getValue()))
                .collect(Collectors.joining(", "));
        return Normalised.Ignored.because("no tagged manifest push in the envelope (" + items.size()
                + (items.size() == 1 ? " event" : " events") + (counts.isEmpty() ? "" : ": " + counts) + ")");
    }

    private static String plural(String noun, int count) {
        return count == 1 ? noun : noun + (noun.endsWith("sh") ? "es" : "s");
    }

    /**
     * Manifest and index media types (Docker schema 1 and 2, manifest lists, OCI manifests, indexes and artifact
     * manifests) as opposed to layer and config blobs; when a registry sends no media type, a {@code /manifests/}
     * URL tells.
     */
    static boolean isManifest(String mediaType, String url) {
        if (mediaType == null) {
            return url != null && url.contains("/manifests/");
        }
        String mt = mediaType.toLowerCase(Locale.ROOT);
        return mt.contains(".manifest.") || mt.contains(".manifest+") || mt.contains("image.index")
                || mt.contains("manifest.list");
    }
}
