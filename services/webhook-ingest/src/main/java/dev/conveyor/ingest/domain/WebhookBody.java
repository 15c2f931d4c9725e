package dev.conveyor.ingest.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Parses a verified body: JSON media types, and GitHub's form encoding ({@code payload=<url-encoded JSON>}). */
public final class WebhookBody {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private WebhookBody() {
    }

    /** Thrown for a media type no provider uses; answered with 415. */
    public static final class UnsupportedMediaType extends Exception {
        public UnsupportedMediaType(String reason) {
            super(reason);
        }
    }

    public static JsonNode parse(WebhookRequest request) throws MalformedWebhookException, UnsupportedMediaType {
        String mediaType = request.headers().lower("Content-Type")
                .map(v -> v.split(";", 2)[0].trim())
                .orElseThrow(() -> new UnsupportedMediaType("Content-Type is missing; send application/json"));
        byte[] json;
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            json = request.body();
        } else if (mediaType.equals("application/x-www-form-urlencoded") && request.provider() == Provider.GITHUB) {
            json = formPayload(request.body());
        } else {
            throw new UnsupportedMediaType("Content-Type " + mediaType + " is not accepted for "
                    + request.provider().id() + "; send application/json");
        }
        if (json.length == 0) {
            throw new MalformedWebhookException("empty body");
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new MalformedWebhookException("body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedWebhookException("body is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw new MalformedWebhookException("body cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] formPayload(byte[] body) throws MalformedWebhookException {
        String form = new String(body, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.toLowerCase(Locale.ROOT).equals("payload")) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new MalformedWebhookException("form field 'payload' is not URL-encoded: " + e.getMessage());
                }
            }
        }
        throw new MalformedWebhookException("form body has no 'payload' field");
    }
}
