package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.events.Person;
import dev.conveyor.ingest.domain.MalformedWebhookException;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Small helpers shared by the normalisers: reading optional and required fields by dotted path (so that an error names
 * the JSON field that is missing), commit shas, people, and the many timestamp formats providers use.
 *
 * <p>Paths are dotted field names, e.g. {@code repository.clone_url}; a numeric step indexes an array
 * ({@code links.self.0.href}); field names may contain dashes ({@code detail.image-tag}) but not dots. {@code where} arguments prefix the path in error messages when the node is
 * not the body root, e.g. {@code commits[2]}.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Pattern SHA = Pattern.compile("^[0-9a-f]{7,64}$");

    /** A number at or above this is taken as epoch milliseconds, below it as epoch seconds (10^11 s is year 5138). */
    private static final BigDecimal MILLIS_THRESHOLD = BigDecimal.valueOf(100_000_000_000L);

    /** {@code 2019-06-17T19:37:57+1000}: Bitbucket Server's offset without a colon (also {@code +0000}, {@code Z}). */
    private static final DateTimeFormatter ISO_COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHMM", "Z")
            .toFormatter(Locale.ROOT);

    /** GitLab's older {@code 2011-12-12 14:27:31 UTC} and {@code 2011-12-12 14:27:31 +0200} spellings. */
    private static final DateTimeFormatter SPACE_ZONE_NAME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendLiteral(' ')
            .appendZoneText(java.time.format.TextStyle.SHORT)
            .toFormatter(Locale.ROOT);

    private static final DateTimeFormatter SPACE_OFFSET = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendLiteral(' ')
            .appendOffset("+HHMM", "Z")
            .toFormatter(Locale.ROOT);

    private Json() {
    }

    // ---- navigation -------------------------------------------------------------------------------------------------

    /** The node at a dotted path, or null when any step is missing or JSON null. */
    static JsonNode node(JsonNode root, String path) {
        JsonNode n = root;
        for (String step : path.split("\\.")) {
            if (n == null || n.isNull() || n.isMissingNode()) {
                return null;
            }
            n = n.isArray() && step.matches("[0-9]{1,9}") ? n.get(Integer.parseInt(step)) : n.get(step);
        }
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    /** The object or array at a path; throws naming the path when it is missing or not an object/array. */
    static JsonNode requiredNode(JsonNode root, String path) throws MalformedWebhookException {
        return requiredNode(root, null, path);
    }

    static JsonNode requiredNode(JsonNode root, String where, String path) throws MalformedWebhookException {
        JsonNode n = node(root, path);
        if (n == null) {
            throw new MalformedWebhookException("missing required field '" + name(where, path) + "'");
        }
        if (!n.isContainerNode()) {
            throw new MalformedWebhookException("field '" + name(where, path) + "' must be an object or an array");
        }
        return n;
    }

    /** The elements of the array at a path; empty when missing or null; throws when it is not an array. */
    static List<JsonNode> array(JsonNode root, String path) throws MalformedWebhookException {
        JsonNode n = node(root, path);
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new MalformedWebhookException("field '" + path + "' must be an array");
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /** Text at a path; null when missing, null, blank, or an object/array. Numbers and booleans as their text. */
    static String text(JsonNode root, String path) {
        JsonNode n = node(root, path);
        if (n == null || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s == null || s.isBlank() ? null : s;
    }

    /** The first non-null {@link #text} among the paths. */
    static String firstText(JsonNode root, String... paths) {
        for (String p : paths) {
            String s = text(root, p);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    static String requiredText(JsonNode root, String path) throws MalformedWebhookException {
        return requiredText(root, null, path);
    }

    /** Text at a path, or a {@link MalformedWebhookException} naming {@code where.path}. */
    static String requiredText(JsonNode root, String where, String path) throws MalformedWebhookException {
        String s = text(root, path);
        if (s == null) {
            throw new MalformedWebhookException("missing required field '" + name(where, path) + "'");
        }
        return s;
    }

    /** A boolean at a path; false when missing; accepts JSON booleans and "true"/"false" text. */
    static boolean bool(JsonNode root, String path) {
        JsonNode n = node(root, path);
        return n != null && (n.isBoolean() ? n.booleanValue() : "true".equalsIgnoreCase(n.asText()));
    }

    /** Strings of the array at a path (missing or null: empty list). */
    static List<String> strings(JsonNode root, String path) throws MalformedWebhookException {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array(root, path)) {
            if (n != null && !n.isNull() && !n.isContainerNode() && !n.asText().isBlank()) {
                out.add(n.asText());
            }
        }
        return out;
    }

    static String name(String where, String path) {
        return where == null ? path : where + "." + path;
    }

    /** Parses JSON bytes (e.g. a decoded Pub/Sub message); {@code what} names them in the error. */
    static JsonNode parse(byte[] json, String what) throws MalformedWebhookException {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new MalformedWebhookException(what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new MalformedWebhookException(what + " is not valid JSON", e);
        }
    }

    /**
     * A value from a header or a body, fit to be quoted in an error message: at most 64 characters, printable ASCII
     * only (senders see these messages; they must not carry anything but the short value we could not use).
     */
    static String quote(String value) {
        if (value == null) {
            return "''";
        }
        String v = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "'" + v.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    // ---- Git ----------------------------------------------------------------------------------------------------------

    /** A commit sha in lower case, or null when missing; throws when it is present and is not 7–64 hex digits. */
    static String sha(JsonNode root, String where, String path) throws MalformedWebhookException {
        String s = text(root, path);
        if (s == null) {
            return null;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (!SHA.matcher(lower).matches()) {
            throw new MalformedWebhookException("field '" + name(where, path) + "' is not a commit sha: " + quote(s));
        }
        return lower;
    }

    static String requiredSha(JsonNode root, String where, String path) throws MalformedWebhookException {
        String s = sha(root, where, path);
        if (s == null) {
            throw new MalformedWebhookException("missing required field '" + name(where, path) + "'");
        }
        return s;
    }

    /** True for a sha that is all zeros (Git's "no commit": the before of a created ref, the after of a deleted one). */
    static boolean isZeroSha(String sha) {
        return sha != null && !sha.isEmpty() && sha.chars().allMatch(c -> c == '0');
    }

    /** A person from the fields of an object (any may be absent); null when the object is missing or all are absent. */
    static Person person(JsonNode object, String nameField, String emailField, String usernameField) {
        if (object == null || object.isNull() || object.isMissingNode()) {
            return null;
        }
        String name = nameField == null ? null : text(object, nameField);
        String email = emailField == null ? null : text(object, emailField);
        String username = usernameField == null ? null : text(object, usernameField);
        return person(name, email, username);
    }

    static Person person(String name, String email, String username) {
        return name == null && email == null && username == null ? null : new Person(name, email, username);
    }

    // ---- time ---------------------------------------------------------------------------------------------------------

    /**
     * A timestamp at a path, in any of the formats providers use: ISO-8601 with offset or {@code Z} (any fraction up
     * to nanoseconds), offsets without a colon ({@code +1000}, Bitbucket Server), {@code 2011-12-12 14:27:31 UTC}
     * (older GitLab), epoch seconds as an integer or a float ({@code 1.417566161e+09}, Docker Hub), and epoch
     * milliseconds (numbers of 10^11 and above).
     *
     * <p>Null when missing, blank, unparseable, or a placeholder at or before the epoch (GitHub sends
     * {@code 0001-01-01T00:00:00Z} for unknown package times). Lenient on purpose: a timestamp is information for
     * consumers, never the reason to refuse a push notification.
     */
    static Instant instant(JsonNode root, String path) {
        JsonNode n = node(root, path);
        if (n == null || n.isContainerNode()) {
            return null;
        }
        Instant i = n.isNumber() ? fromEpoch(n.decimalValue()) : parseInstant(n.asText());
        return i == null || !i.isAfter(Instant.EPOCH) ? null : i;
    }

    /** The first non-null {@link #instant} among the paths. */
    static Instant firstInstant(JsonNode root, String... paths) {
        for (String p : paths) {
            Instant i = instant(root, p);
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    /** Parses a timestamp string in any supported format; null if none fits. */
    static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.trim();
        if (s.matches("^[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$")) {
            try {
                return fromEpoch(new BigDecimal(s));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return OffsetDateTime.parse(s, ISO_COMPACT_OFFSET).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return OffsetDateTime.parse(s, SPACE_OFFSET).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return ZonedDateTime.parse(s, SPACE_ZONE_NAME).toInstant();
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    private static Instant fromEpoch(BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            return null;
        }
        try {
            if (value.compareTo(MILLIS_THRESHOLD) >= 0) {
                // Milliseconds (Harbor 1.x sends a trigger_time far too large for seconds).
                return Instant.ofEpochMilli(value.longValue());
            }
            long seconds = value.longValue();
            long nanos = value.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
    }
}
