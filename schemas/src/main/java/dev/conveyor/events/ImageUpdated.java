package dev.conveyor.events;

import java.util.Objects;

/**
 * The image-watcher chose a new version of an image by policy and committed it to Git. The commit itself is also
 * announced as a {@link CommitPushed} (consumers de-duplicate by sha when the Git host's webhook arrives too).
 *
 * @param policy     name of the ImagePolicy that chose the version
 * @param image      the image without tag or digest, {@code registry/repository}
 * @param from       the tag that was written before, when the file named one
 * @param to         the tag written now (for the {@code digest} strategy: the tracked tag)
 * @param digest     the manifest digest of {@code to}, {@code sha256:...}
 * @param repository canonical URL of the Git repository written to
 * @param branch     the branch written to
 * @param path       the file written, relative to the repository root
 * @param commit     sha of the commit that holds the change (the existing head when it was already there)
 */
public record ImageUpdated(
        String policy,
        String image,
        String from,
        String to,
        String digest,
        String repository,
        String branch,
        String path,
        String commit) implements ConveyorEvent {

    public ImageUpdated {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(commit, "commit");
    }

    @Override
    public EventType eventType() {
        return EventType.IMAGE_UPDATED;
    }

    /** Same key as {@link ImageTagged}: one image's events stay in order on {@link Topics#IMAGES}. */
    @Override
    public String partitionKey() {
        return image;
    }

    @Override
    public String subject() {
        return policy;
    }
}
