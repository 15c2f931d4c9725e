package dev.conveyor.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Git reference moved: commits were pushed to a branch, or a branch or tag was created, force-pushed or deleted.
 *
 * @param repository canonical repository URL ({@link RepositoryUrls#canonical(String)}); the Kafka key
 * @param ref        full ref name, e.g. {@code refs/heads/main} or {@code refs/tags/v1.0}
 * @param refType    branch or tag
 * @param refName    short ref name, e.g. {@code main} or {@code v1.0}
 * @param before     sha the ref pointed at before the push; all zeros when the ref was created
 * @param after      sha the ref points at now; all zeros when the ref was deleted
 * @param commits    the commits the provider listed (providers cap this list; may be empty), oldest first
 * @param pusher     who pushed, when the provider says
 * @param provider   the webhook provider, e.g. {@code github}, {@code gitlab}
 * @param created    the ref did not exist before
 * @param deleted    the ref no longer exists
 * @param forced     the push rewrote history (when the provider tells; false otherwise)
 * @param webUrl     a browsable URL of the repository or the compare view, when known
 */
public record CommitPushed(
        String repository,
        String ref,
        RefType refType,
        String refName,
        String before,
        String after,
        List<Commit> commits,
        Person pusher,
        String provider,
        boolean created,
        boolean deleted,
        boolean forced,
        String webUrl) implements ConveyorEvent {

    /** The sha Git uses for "no commit": the before of a created ref, the after of a deleted one. */
    public static final String ZERO_SHA = "0000000000000000000000000000000000000000";

    public CommitPushed {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(refType, "refType");
        Objects.requireNonNull(refName, "refName");
        Objects.requireNonNull(provider, "provider");
        commits = commits == null ? List.of() : List.copyOf(commits);
    }

    /**
     * One commit of a push with the paths it touched, so that consumers can tell which applications a push concerns
     * without cloning.
     */
    public record Commit(
            String sha,
            String message,
            Instant timestamp,
            Person author,
            String url,
            List<String> added,
            List<String> modified,
            List<String> removed) {

        public Commit {
            Objects.requireNonNull(sha, "sha");
            added = added == null ? List.of() : List.copyOf(added);
            modified = modified == null ? List.of() : List.copyOf(modified);
            removed = removed == null ? List.of() : List.copyOf(removed);
        }
    }

    @Override
    public EventType eventType() {
        return EventType.COMMIT_PUSHED;
    }

    @Override
    public String partitionKey() {
        return repository;
    }

    @Override
    public String subject() {
        return ref;
    }
}
