package dev.conveyor.syncer.health;

import java.util.Objects;

/**
 * An API group and a kind, the unit health checks are chosen by (the version does not matter). The core group is "".
 * Written {@code group/Kind} ({@code apps/Deployment}, {@code argoproj.io/Rollout}); core kinds as {@code Kind} or
 * {@code /Kind}.
 */
record GroupKind(String group, String kind) {

    GroupKind {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
    }

    /** @param apiVersion {@code apps/v1} or {@code v1}; null is treated as the core group */
    static GroupKind fromApiVersion(String apiVersion, String kind) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return new GroupKind(group, kind == null ? "" : kind);
    }

    /** Parses {@code group/Kind}, {@code /Kind} or {@code Kind}; throws IllegalArgumentException on anything else. */
    static GroupKind parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected group/Kind, got an empty key");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        if (slash != trimmed.lastIndexOf('/')) {
            throw new IllegalArgumentException("expected group/Kind (no version), got '" + text + "'");
        }
        String group = slash < 0 ? "" : trimmed.substring(0, slash);
        String kind = trimmed.substring(slash + 1);
        if (kind.isEmpty() || !kind.chars().allMatch(Character::isLetterOrDigit)) {
            throw new IllegalArgumentException(
                    "expected group/Kind, got '" + text + "': the kind must be a word like Deployment");
        }
        return new GroupKind(group, kind);
    }

    boolean is(String group, String kind) {
        return this.group.equals(group) && this.kind.equals(kind);
    }

    @Override
    public String toString() {
        return group.isEmpty() ? kind : group + "/" + kind;
    }
}
