package dev.conveyor.git;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one fetch (or the first clone) of a repository's mirror. Callers that asked while the same fetch was
 * pending share one instance.
 *
 * @param repository  the repository, in canonical form ({@code RepositoryUrls.canonical})
 * @param cloned      true when this fetch created the mirror
 * @param updatedRefs the refs this fetch created, moved or deleted (e.g. {@code refs/heads/main}), sorted
 * @param startedAt   when the remote operation started
 * @param duration    how long it took (waiting for an earlier fetch of the same repository not included)
 */
public record FetchResult(String repository, boolean cloned, List<String> updatedRefs, Instant startedAt,
                          Duration duration) {

    public FetchResult {
        updatedRefs = List.copyOf(updatedRefs);
    }
}
