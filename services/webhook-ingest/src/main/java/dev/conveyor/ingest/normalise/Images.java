package dev.conveyor.ingest.normalise;

import dev.conveyor.events.ImageTagged;
import dev.conveyor.ingest.domain.Digests;
import dev.conveyor.ingest.domain.MalformedWebhookException;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Image names as the ImageTagged schema wants them: registry host and repository path in lower case (OCI names are
 * lower case), tags as Docker/OCI define them, digests only when well formed ({@link Digests#orNull}).
 */
final class Images {

    /** The patterns of image-tagged.v1.schema.json. */
    private static final Pattern REGISTRY = Pattern.compile("^[a-z0-9.\\-]+(:[0-9]+)?$");
    private static final Pattern REPOSITORY = Pattern.compile("^[a-z0-9]+([._\\-/][a-z0-9]+)*$");
    private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}$");
    /** {@code algorithm:encoded}, e.g. {@code sha256:abc...}: a "tag" that is really a digest (push by digest). */
    private static final Pattern DIGEST_LIKE = Pattern.compile("^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$");

    private Images() {
    }

    /** A registry host[:port] in lower case; {@code field} names where it came from in the error. */
    static String registry(String host, String field) throws MalformedWebhookException {
        if (host == null || host.isBlank()) {
            throw new MalformedWebhookException("missing required field '" + field + "'");
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        h = h.replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        while (h.endsWith("/")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!REGISTRY.matcher(h).matches()) {
            throw new MalformedWebhookException("field '" + field + "' is not a registry host: " + Json.quote(host));
        }
        return h;
    }

    /** A repository path in lower case without leading or trailing slashes. */
    static String repository(String path, String field) throws MalformedWebhookException {
        if (path == null || path.isBlank()) {
            throw new MalformedWebhookException("missing required field '" + field + "'");
        }
        String p = path.trim().toLowerCase(Locale.ROOT);
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!REPOSITORY.matcher(p).matches()) {
            throw new MalformedWebhookException("field '" + field + "' is not a repository path: " + Json.quote(path));
        }
        return p;
    }

    static String tag(String tag, String field) throws MalformedWebhookException {
        if (tag == null || tag.isBlank()) {
            throw new MalformedWebhookException("missing required field '" + field + "'");
        }
        if (!TAG.matcher(tag).matches()) {
            throw new MalformedWebhookException("field '" + field + "' is not an image tag: " + Json.quote(tag));
        }
        return tag;
    }

    /** True when a "tag" is empty or is a digest ({@code sha256:...}): the artifact was pushed by digest. */
    static boolean isNoTag(String tag) {
        return tag == null || tag.isBlank() || DIGEST_LIKE.matcher(tag).matches();
    }

    /** The event, with the digest kept only when well formed and blank media types dropped. */
    static ImageTagged tagged(String registry, String repository, String tag, String digest, String mediaType,
                              String provider, Instant pushedAt) {
        String mt = mediaType == null || mediaType.isBlank() ? null : mediaType;
        return new ImageTagged(registry, repository, tag, Digests.orNull(digest), mt, provider, pushedAt);
    }
}
