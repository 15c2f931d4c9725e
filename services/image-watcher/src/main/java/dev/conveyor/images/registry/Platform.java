package dev.conveyor.images.registry;

import java.util.Objects;

/** An OS/architecture[/variant] as in an image index, e.g. {@code linux/arm64/v8}. */
public record Platform(String os, String architecture, String variant) {

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
    }

    public static Platform parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("platform '" + text + "' must be os/architecture[/variant]");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** Whether an index entry's platform is this one; a filter without variant accepts any variant. */
    public boolean matches(String os, String architecture, String variant) {
        return this.os.equals(os) && this.architecture.equals(architecture)
                && (this.variant == null || this.variant.equals(variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
