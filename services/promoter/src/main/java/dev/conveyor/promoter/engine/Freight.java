package dev.conveyor.promoter.engine;

import dev.conveyor.events.PromotionEvent.FreightImage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A set of image versions that moves through the stages together, named by a hash of its content: the same set is
 * the same freight (so a redelivered ImageUpdated finds it again instead of making a new one).
 */
public record Freight(String id, List<FreightImage> images, Instant createdAt) {

    public Freight {
        Objects.requireNonNull(id, "id");
        images = List.copyOf(images);
    }

    /** The freight of these versions: images sorted, id from image, tag and digest of each. */
    public static Freight of(List<FreightImage> images, Instant createdAt) {
        List<FreightImage> sorted = images.stream().sorted(Comparator.comparing(FreightImage::image)).toList();
        StringBuilder content = new StringBuilder();
        for (FreightImage i : sorted) {
            content.append(i.image()).append(':').append(i.tag()).append('@')
                    .append(i.digest() == null ? "" : i.digest()).append('\n');
        }
        return new Freight(id(content.toString()), sorted, createdAt);
    }

    private static String id(String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "f-" + HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code payments-api:1.4.2, web:0.10.0}: for messages. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (FreightImage i : images) {
            if (!s.isEmpty()) s.append(", ");
            s.append(i.image().substring(i.image().lastIndexOf('/') + 1)).append(':').append(i.tag());
        }
        return s.toString();
    }
}
