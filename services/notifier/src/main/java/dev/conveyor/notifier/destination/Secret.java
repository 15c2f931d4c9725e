package dev.conveyor.notifier.destination;

import java.util.Objects;

/**
 * A webhook URL, token, routing key or signing key. Its {@link #toString()} is a mask, so a secret that ends up in a
 * log line, an exception or a dead letter shows as {@code ****}; only {@link #reveal()} gives the value, at the point
 * of use.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    /** Removes the secret from a text (an error message that echoed a URL). */
    public String mask(String text) {
        return text == null || value.isEmpty() ? text : text.replace(value, "****");
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
