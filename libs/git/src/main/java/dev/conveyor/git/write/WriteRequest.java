package dev.conveyor.git.write;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

/**
 * Edits to make on one branch, as one commit.
 *
 * @param repositoryUrl the repository as the caller writes it (credentials come from the {@code CredentialsLookup})
 * @param branch        an existing branch, short ({@code main}) or full ({@code refs/heads/main}); never created
 * @param changes       the files and their edits; several edits of one file apply in order
 * @param commitMessage the commit message, as given (and the one used when {@code messageFor} is null)
 * @param author        author and committer identity (the committer's time is the time of the commit)
 * @param messageFor    when not null, makes the message from the edited files' contents before the edit (path →
 *                      text) on the head the commit builds on — so a message can say what a value was ("1.4.1 →
 *                      1.4.2") even when another writer changed it since the caller last looked
 */
public record WriteRequest(String repositoryUrl, String branch, List<FileChange> changes, String commitMessage,
                           PersonIdent author, Function<Map<String, String>, String> messageFor) {

    public WriteRequest(String repositoryUrl, String branch, List<FileChange> changes, String commitMessage,
                        PersonIdent author) {
        this(repositoryUrl, branch, changes, commitMessage, author, null);
    }

    public WriteRequest {
        if (repositoryUrl == null || repositoryUrl.isBlank()) {
            throw new IllegalArgumentException("repositoryUrl is empty");
        }
        if (branch == null || branch.isBlank()) {
            throw new IllegalArgumentException("branch is empty");
        }
        branch = branch.startsWith(Constants.R_HEADS) ? branch.substring(Constants.R_HEADS.length()) : branch;
        if (!Repository.isValidRefName(Constants.R_HEADS + branch)) {
            throw new IllegalArgumentException("not a branch name: '" + branch + "'");
        }
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("no changes");
        }
        if (commitMessage == null || commitMessage.isBlank()) {
            throw new IllegalArgumentException("commitMessage is empty");
        }
        Objects.requireNonNull(author, "author");
    }

    /** The message for a commit over files whose contents before the edit were {@code before}. */
    public String messageOver(Map<String, String> before) {
        if (messageFor == null) return commitMessage;
        String message = messageFor.apply(before);
        return message == null || message.isBlank() ? commitMessage : message;
    }

    /** The branch's full ref name. */
    public String ref() {
        return Constants.R_HEADS + branch;
    }
}
