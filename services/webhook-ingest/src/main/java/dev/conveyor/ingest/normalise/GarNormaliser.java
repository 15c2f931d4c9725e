package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.Base64;
import java.util.List;

/**
 * Google Artifact Registry (and Container Registry) notifications, published to the Pub/Sub topic {@code gcr} and
 * delivered here by a push subscription. The body is the Pub/Sub push envelope
 * {@code {"message":{"data":"<base64>","attributes":{},"messageId":"...","publishTime":"..."},"subscription":"..."}};
 * {@code message.data} decodes to {@code {"action":"INSERT","digest":"<image>@sha256:...","tag":"<image>:<tag>"}}.
 * An {@code INSERT} with a tag becomes an event; the registry is the first segment of the image name
 * ({@code us-east1-docker.pkg.dev}), the repository the rest ({@code project/repo/image}).
 */
public final class GarNormaliser implements Normaliser {

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String data = Json.requiredText(body, "message.data");
        byte[] decoded = decodeBase64(data);
        JsonNode message = Json.parse(decoded, "decoded message.data");

        String action = Json.requiredText(message, "message.data", "action");
        if (!action.equals("INSERT")) {
            return Normalised.Ignored.because("Artifact Registry action " + Json.quote(action) + " is not a push");
        }
        String tagRef = Json.text(message, "tag");
        if (tagRef == null) {
            return Normalised.Ignored.because("untagged Artifact Registry push (no tag in message.data)");
        }
        int firstSlash = tagRef.indexOf('/');
        int colon = tagRef.lastIndexOf(':');
        if (firstSlash <= 0 || colon < tagRef.lastIndexOf('/')) {
            throw new MalformedWebhookException(
                    "field 'message.data.tag' is not <host>/<repository>:<tag>: " + Json.quote(tagRef));
        }
        String digestRef = Json.text(message, "digest");
        String digest = digestRef == null || !digestRef.contains("@")
                ? null : digestRef.substring(digestRef.indexOf('@') + 1);
        return new Normalised.Events(List.of(Images.tagged(
                Images.registry(tagRef.substring(0, firstSlash), "message.data.tag"),
                Images.repository(tagRef.substring(firstSlash + 1, colon), "message.data.tag"),
                Images.tag(tagRef.substring(colon + 1), "message.data.tag"),
                digest, null, "gar", Json.instant(body, "message.publishTime"))));
    }

    /** Standard base64 as Pub/Sub sends it (URL-safe and unpadded forms accepted too); strict otherwise. */
    static byte[] decodeBase64(String data) throws MalformedWebhookException {
        String d = data.replaceAll("\\s", "");
        if (!d.matches("^[A-Za-z0-9+/_-]*={0,2}$")) {
            throw new MalformedWebhookException("field 'message.data' is not valid base64");
        }
        d = d.replace('-', '+').replace('_', '/');
        if (d.length() % 4 == 2) {
            d = d + "==";
        } else if (d.length() % 4 == 3) {
            d = d + "=";
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(d);
            if (decoded.length == 0) {
                throw new MalformedWebhookException("field 'message.data' is empty");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new MalformedWebhookException("field 'message.data' is not valid base64", e);
        }
    }
}
