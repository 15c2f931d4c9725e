package dev.conveyor.cli.render;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Timestamps from the APIs (ISO-8601 text, or epoch seconds if a server writes numbers) shown as ages: {@code 5m ago}. */
public final class Times {

    private Times() {
    }

    /** The instant, or {@code null} when absent or unreadable. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    BigDecimal seconds = new BigDecimal(text);
                    return Instant.ofEpochSecond(seconds.longValue(),
                            seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
                } catch (NumberFormatException | ArithmeticException notNumber) {
                    return null;
                }
            }
        }
    }

    /** {@code 45s ago}, {@code 12m ago}, {@code 3h ago}, {@code 2d ago}; {@code null} for an absent time. */
    public static String ago(String text, Clock clock) {
        Instant at = parse(text);
        if (at == null) return text == null || text.isBlank() ? null : text;
        Duration d = Duration.between(at, clock.instant());
        if (d.isNegative()) return "just now";
        long s = d.toSeconds();
        if (s < 60) return s + "s ago";
        if (s < 3600) return s / 60 + "m ago";
        if (s < 86400) return s / 3600 + "h ago";
        return s / 86400 + "d ago";
    }

    /** The time as the server sent it, with its age: {@code 2026-11-30T10:00:05Z (5m ago)}. */
    public static String withAge(String text, Clock clock) {
        if (text == null || text.isBlank()) return null;
        String age = ago(text, clock);
        return age == null || age.equals(text) ? text : text + " (" + age + ")";
    }
}
