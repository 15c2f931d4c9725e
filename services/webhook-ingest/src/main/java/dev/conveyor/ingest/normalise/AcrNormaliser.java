package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.List;

/**
 * Azure Container Registry webhooks: a {@code push} with a tag becomes an event on the registry named by
 * {@code request.host} ({@code myregistry.azurecr.io}).
 */
public final class AcrNormaliser implements Normaliser {

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String action = Json.requiredText(body, "action");
        switch (action) {
            case "push":
                break;
            case "chart_push", "chart_delete":
                return Normalised.Ignored.because("legacy ACR Helm repository chart, not an OCI image");
            case "delete":
                return Normalised.Ignored.because("ACR delete: nothing was tagged");
            default:
                // quarantine and any action ACR adds later
                return Normalised.Ignored.because("ACR action " + Json.quote(action) + " is not a push");
        }
        String tag = Json.text(body, "target.tag");
        if (tag == null) {
            return Normalised.Ignored.because("untagged ACR push (no target.tag)");
        }
        return new Normalised.Events(List.of(Images.tagged(
                Images.registry(Json.requiredText(body, "request.host"), "request.host"),
                Images.repository(Json.requiredText(body, "target.repository"), "target.repository"),
                Images.tag(tag, "target.tag"),
                Json.text(body, "target.digest"),
                Json.text(body, "target.mediaType"),
                "acr",
                Json.instant(body, "timestamp"))));
    }
}
