package dev.conveyor.git;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Git operation failed. The message names the repository and the operation and never contains credentials: user
 * info in URLs ({@code https://user:token@host/...}) is masked, and so is every secret the cache used for the
 * operation. The cause chain is copied with masked messages for the same reason (stack traces are kept), so logging
 * the exception with its causes is safe.
 *
 * <p>{@link #reason()} says whether trying again later can help ({@link Reason#retryable()}).
 */
public class GitException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, and whether a retry may succeed. */
    public enum Reason {
        /** The remote could not be reached or answered with an error (network, server, missing repository). */
        REMOTE(true),
        /** A remote operation exceeded its timeout. */
        TIMEOUT(true),
        /** The remote refused the credentials, or asked for some and none were configured. */
        AUTHENTICATION(false),
        /** The revision (branch, tag, sha) does not exist in the repository, even after a fetch. */
        UNKNOWN_REVISION(false),
        /** The caller passed something unusable (a malformed URL, an empty revision). */
        INVALID_ARGUMENT(false),
        /** Local disk or repository trouble. */
        LOCAL(true),
        /** The calling thread was interrupted while waiting. */
        INTERRUPTED(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");

    private final Reason reason;

    public GitException(Reason reason, String message) {
        this(reason, message, null, List.of());
    }

    public GitException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, List.of());
    }

    /**
     * @param secrets strings to mask wherever they appear in the message or in the cause chain (passwords, tokens)
     */
    public GitException(Reason reason, String message, Throwable cause, Collection<String> secrets) {
        super(redact(message, secrets), cause == null ? null : Masked.copy(cause, secrets));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return reason.retryable();
    }

    /** Masks the user info of every URL in the text: {@code https://user:token@host} → {@code https://***@host}. */
    public static String redact(String text) {
        return redact(text, List.of());
    }

    static String redact(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll("$1***@");
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    /** A cause whose message has been masked; keeps the original type name and stack trace. */
    static final class Masked extends Exception {
        private static final long serialVersionUID = 1L;
        private final String originalType;

        private Masked(String originalType, String message, Throwable cause) {
            super(message, cause);
            this.originalType = originalType;
        }

        static Throwable copy(Throwable t, Collection<String> secrets) {
            return copy(t, secrets, 0);
        }

        private static Throwable copy(Throwable t, Collection<String> secrets, int depth) {
            Throwable next = t.getCause() == null || t.getCause() == t || depth > 20
                    ? null
                    : copy(t.getCause(), secrets, depth + 1);
            Masked m = new Masked(t.getClass().getName(), redact(t.getMessage(), secrets), next);
            m.setStackTrace(t.getStackTrace());
            return m;
        }

        String originalType() {
            return originalType;
        }

        @Override
        public String toString() {
            String message = getMessage();
            return message == null ? originalType : originalType + ": " + message;
        }
    }
}
