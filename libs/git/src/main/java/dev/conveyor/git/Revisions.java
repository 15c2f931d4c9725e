package dev.conveyor.git;

import java.util.regex.Pattern;

import org.eclipse.jgit.lib.Repository;

/** Syntax checks for revisions, so declarations can be rejected before anything is fetched. */
public final class Revisions {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern ABBREVIATED_SHA = Pattern.compile("[0-9a-f]{4,40}");

    private Revisions() {
    }

    /** A full (40 hex digits, lower case) commit id. */
    public static boolean isFullSha(String revision) {
        return revision != null && SHA.matcher(revision).matches();
    }

    /** Could be a commit id or an abbreviation of one (4 to 40 hex digits). */
    public static boolean looksLikeSha(String revision) {
        return revision != null && ABBREVIATED_SHA.matcher(revision).matches();
    }

    /**
     * {@code HEAD}, a valid branch or tag name (short, or in full as {@code refs/heads/...} / {@code refs/tags/...}),
     * or a possibly abbreviated sha. Says nothing about whether it exists.
     */
    public static boolean isValid(String revision) {
        if (revision == null || revision.isBlank()) {
            return false;
        }
        if (revision.equals("HEAD") || looksLikeSha(revision)) {
            return true;
        }
        String full = revision.startsWith("refs/") ? revision : "refs/heads/" + revision;
        return Repository.isValidRefName(full);
    }
}
