package dev.conveyor.ingest.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Request headers by case-insensitive name (HTTP header names are case-insensitive); first value wins. */
public final class Headers {

    private final Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private Headers(Map<String, String> values) {
        values.forEach((k, v) -> this.values.putIfAbsent(k, v));
    }

    public static Headers of(Map<String, String> values) {
        return new Headers(values);
    }

    public static Headers of(String... nameValuePairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i + 1 < nameValuePairs.length; i += 2) {
            map.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return new Headers(map);
    }

    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** The value of {@code name} in lower case, or empty. */
    public Optional<String> lower(String name) {
        return get(name).map(v -> v.toLowerCase(Locale.ROOT));
    }
}
