package dev.conveyor.cli.http;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --timeout} values: {@code 500ms}, {@code 10s}, {@code 2m}, a plain number of seconds, or ISO-8601 ({@code PT10S}). */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 10s, 500ms, 2m)");
            }
        }
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("the timeout must be positive, not '" + text + "'");
        return d;
    }

    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
