package dev.conveyor.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic ids from content: the same (event, subscription, destination) always has the same delivery id, so a
 * redelivered event finds its earlier record and is not sent twice.
 */
public final class DeliveryIds {

    private DeliveryIds() {
    }

    public static String of(String eventId, String subscription, String destination) {
        return hash(eventId + "\n" + subscription + "\n" + destination);
    }

    /** The id of a digest message: from the ids it completes, in order. */
    public static String digest(List<String> deliveryIds) {
        return "digest-" + hash(String.join("\n", deliveryIds));
    }

    public static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
