package dev.conveyor.events;

/** What kind of Git reference a push moved. */
public enum RefType {
    BRANCH, TAG;

    private static final String HEADS = "refs/heads/";
    private static final String TAGS = "refs/tags/";

    /** The full ref name for a short name of this type, e.g. {@code main} → {@code refs/heads/main}. */
    public String fullRef(String shortName) {
        return (this == BRANCH ? HEADS : TAGS) + shortName;
    }

    /** The type of a full ref ({@code refs/heads/...} or {@code refs/tags/...}); {@code null} for anything else. */
    public static RefType ofFullRef(String ref) {
        if (ref == null) return null;
        if (ref.startsWith(HEADS)) return BRANCH;
        if (ref.startsWith(TAGS)) return TAG;
        return null;
    }

    /** The short name of a full ref: {@code refs/heads/feature/x} → {@code feature/x}. */
    public static String shortName(String ref) {
        if (ref.startsWith(HEADS)) return ref.substring(HEADS.length());
        if (ref.startsWith(TAGS)) return ref.substring(TAGS.length());
        return ref;
    }
}
