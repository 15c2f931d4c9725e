package dev.conveyor.git.write;

import java.util.List;

/**
 * What a write did. {@code attempts} and {@code conflicts} are there for callers' metrics.
 *
 * @param status       whether a commit was pushed, or the branch already had every change
 * @param commitSha    the pushed commit, or the branch head that already had the changes
 * @param previousSha  the branch head the commit was made on (equal to {@code commitSha} when up to date)
 * @param attempts     fetch-edit-push rounds made, at least 1
 * @param conflicts    pushes rejected because the branch moved in the meantime
 * @param changedPaths files the commit changed, sorted; empty when up to date
 */
public record WriteResult(Status status, String commitSha, String previousSha, int attempts, int conflicts,
                          List<String> changedPaths) {

    public enum Status {
        /** A new commit with the changes is on the branch. */
        COMMITTED,
        /** The branch already had every change: no commit was made. */
        ALREADY_UP_TO_DATE
    }

    public WriteResult {
        changedPaths = List.copyOf(changedPaths);
    }

    public boolean committed() {
        return status == Status.COMMITTED;
    }
}
