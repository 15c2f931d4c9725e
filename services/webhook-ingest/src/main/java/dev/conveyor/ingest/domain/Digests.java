package dev.conveyor.ingest.domain;

import java.util.regex.Pattern;

/**
 * Provider payloads sometimes carry digests that are not digests (documentation examples redact or truncate them).
 * An event only says "digest" when it is a well-formed OCI digest; otherwise it says nothing, and consumers re-read the
 * registry (which they do anyway: the webhook is a trigger, not the truth).
 */
public final class Digests {

    private static final Pattern SHA256 = Pattern.compile("^sha256:[a-f0-9]{64}$");
    private static final Pattern SHA512 = Pattern.compile("^sha512:[a-f0-9]{128}$");

    private Digests() {
    }

    public static boolean isWellFormed(String digest) {
        return digest != null && (SHA256.matcher(digest).matches() || SHA512.matcher(digest).matches());
    }

    /** The digest if it is well formed, else null. */
    public static String orNull(String digest) {
        return isWellFormed(digest) ? digest : null;
    }
}
