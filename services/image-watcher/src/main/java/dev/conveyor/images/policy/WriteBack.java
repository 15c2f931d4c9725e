package dev.conveyor.images.policy;

import java.util.Objects;

/**
 * Where and how a policy's choice is written to Git.
 *
 * @param repoURL       repository to write to
 * @param branch        branch to push to (must exist)
 * @param path          the file to edit, relative to the repository root
 * @param edit          which kind of edit
 * @param commitMessage a Qute template; variables: policy, image, from, to, digest, path, branch
 * @param authorName    commit author
 * @param authorEmail   commit author's e-mail
 */
public record WriteBack(String repoURL, String branch, String path, Edit edit, String commitMessage,
                        String authorName, String authorEmail) {

    public static final String DEFAULT_MESSAGE =
            "image: {policy} {image}{#if from} {from} →{/if} {to}{#if digest} ({digest}){/if}";

    public WriteBack {
        Objects.requireNonNull(repoURL, "repoURL");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(edit, "edit");
    }

    /** The three ways of writing an image version into a file. */
    public sealed interface Edit {
        boolean writeTag();

        boolean writeDigest();
    }

    /**
     * A {@code kustomization.yaml} {@code images:} entry.
     *
     * @param name    the entry's {@code name}: the image as the manifests reference it
     * @param newName the {@code newName} to set, or null to leave it
     */
    public record Kustomize(String name, String newName, boolean writeTag, boolean writeDigest) implements Edit {
    }

    /** Helm values keys as dotted paths; a null path is not written. */
    public record HelmValues(String repositoryKey, String tagKey, String digestKey) implements Edit {
        @Override
        public boolean writeTag() {
            return tagKey != null;
        }

        @Override
        public boolean writeDigest() {
            return digestKey != null;
        }
    }

    /** Marker comments on plain YAML: {@code image: repo:tag # {"conveyor.dev/image-policy": "name"}}. */
    public record Marker(boolean writeTag, boolean writeDigest) implements Edit {
    }
}
