package dev.conveyor.ingest.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/** HMAC and constant-time comparison, as the providers specify them. Uses the JDK's own crypto, nothing hand-rolled. */
public final class Signatures {

    private static final String HMAC_SHA256 = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private Signatures() {
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} with {@code secret} as key (UTF-8). */
    public static String hmacSha256Hex(String secret, byte[] body) {
        return HEX.formatHex(hmacSha256(secret, body));
    }

    static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA256));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /**
     * Whether {@code presentedHex} (hex, any case) is the HMAC-SHA256 of {@code body} under {@code secret}. The
     * comparison of the MAC bytes takes the same time wherever they differ.
     */
    public static boolean hmacMatches(String secret, byte[] body, String presentedHex) {
        if (presentedHex == null) return false;
        byte[] presented;
        try {
            presented = HEX.parseHex(presentedHex.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, body), presented);
    }

    /**
     * Constant-time equality of a presented token with the expected one. Both are hashed first so that neither the
     * content nor the length of the secret leaks through timing.
     */
    public static boolean tokenMatches(String expected, String presented) {
        if (expected == null || presented == null) return false;
        return MessageDigest.isEqual(sha256(expected), sha256(presented));
    }

    public static byte[] sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256(bytes));
    }
}
