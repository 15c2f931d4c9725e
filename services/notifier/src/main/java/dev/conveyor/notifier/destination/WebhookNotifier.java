package dev.conveyor.notifier.destination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.subscription.InboundEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;

/**
 * A generic webhook: the CloudEvent in structured mode ({@code application/cloudevents+json}; a digest is a batch,
 * {@code application/cloudevents-batch+json}), signed so that the receiver can check it came from us and is fresh:
 * <pre>
 * X-Conveyor-Timestamp: 1767225600                       (Unix seconds)
 * X-Conveyor-Signature: sha256=&lt;hex HMAC-SHA256(key, timestamp + "." + body)&gt;
 * X-Conveyor-Delivery:  &lt;delivery id&gt;                   (the same on a retry: receivers can de-duplicate)
 * </pre>
 * Receivers should compare in constant time and reject timestamps older than a few minutes (replays).
 */
public final class WebhookNotifier implements Notifier {

    public static final String SIGNATURE = "X-Conveyor-Signature";
    public static final String TIMESTAMP = "X-Conveyor-Timestamp";
    public static final String DELIVERY = "X-Conveyor-Delivery";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpPoster http;
    private final Secret url;
    private final Secret signingKey;
    private final Clock clock;

    public WebhookNotifier(String name, HttpPoster http, Secret url, Secret signingKey, Clock clock) {
        this.name = name;
        this.http = http;
        this.url = url;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    @Override
    public Receipt send(Notification n) throws DeliveryException {
        byte[] body;
        String contentType;
        if (n.isDigest()) {
            ArrayNode batch = JSON.createArrayNode();
            n.events().forEach(e -> batch.add(structured(e)));
            body = batch.toString().getBytes(StandardCharsets.UTF_8);
            contentType = "application/cloudevents-batch+json";
        } else {
            body = structured(n.lastEvent()).toString().getBytes(StandardCharsets.UTF_8);
            contentType = "application/cloudevents+json";
        }
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        http.post(name, URI.create(url.reveal()), contentType, body, Map.of(
                TIMESTAMP, timestamp,
                SIGNATURE, "sha256=" + sign(signingKey.reveal(), timestamp, body),
                DELIVERY, n.id(),
                "X-Conveyor-Subscription", n.subscription()), url, signingKey);
        return Receipt.NONE;
    }

    /** The CloudEvent in structured mode (JSON format, CloudEvents 1.0). */
    public static ObjectNode structured(InboundEvent e) {
        ObjectNode ce = JSON.createObjectNode();
        ce.put("specversion", "1.0");
        ce.put("id", e.id());
        ce.put("type", e.type());
        ce.put("source", e.source());
        if (!e.subject().isEmpty()) ce.put("subject", e.subject());
        if (e.time() != null) ce.put("time", e.time().toString());
        ce.put("datacontenttype", "application/json");
        JsonNode data;
        try {
            data = e.json() != null ? JSON.readTree(e.json()) : JSON.valueToTree(e.data());
        } catch (IOException ex) {
            data = JSON.valueToTree(e.data());
        }
        ce.set("data", data);
        return ce;
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}: what a receiver recomputes. */
    public static String sign(String key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a receiver does: recompute and compare in constant time. */
    public static boolean verify(String key, String timestamp, byte[] body, String signatureHeader) {
        if (signatureHeader == null || !signatureHeader.startsWith("sha256=")) return false;
        byte[] expected = sign(key, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.substring(7).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "webhook " + name;
    }
}
