package dev.conveyor.git.write;

/**
 * The edits that write an image version into the files GitOps tools read. Each is a {@link FileEdit}: it changes only
 * the scalar(s) it is about and leaves every other byte of the file (comments, blank lines, quoting, key order,
 * {@code ---} separators, CRLF line breaks) as it was.
 */
public final class ImageEdits {

    private ImageEdits() {
    }

    /**
     * A Kustomize {@code kustomization.yaml}: in the {@code images:} list, the entry whose {@code name} is
     * {@code name} (the image as the manifests reference it) gets {@code newName} (when not null), {@code newTag}
     * (when {@code writeTag}) and {@code digest} (when {@code writeDigest}). The entry, and the {@code images:} key,
     * are added when missing.
     *
     * @throws IllegalArgumentException when there is nothing to write, or the version lacks a part asked for
     */
    public static FileEdit kustomize(String name, String newName, ImageVersion version, boolean writeTag,
                                     boolean writeDigest) {
        return new KustomizeImageEdit(name, newName, version, writeTag, writeDigest);
    }

    /**
     * A Helm values file: sets scalar values at dotted key paths ({@code image.repository} gets the image name,
     * {@code image.tag} the tag, {@code image.digest} the digest). A null path is skipped. A missing key is created
     * under its parent mapping with that mapping's indentation, missing parents too.
     *
     * @throws IllegalArgumentException when every path is null, a path is malformed, or the version lacks a part
     */
    public static FileEdit helmValues(String repositoryPath, String tagPath, String digestPath, ImageVersion version) {
        return new HelmValuesEdit(repositoryPath, tagPath, digestPath, version);
    }

    /**
     * Marker comments on plain YAML (Flux-style setters):
     * {@code image: registry.example/team/app:1.2.3 # {"conveyor.dev/image-policy": "app-policy"}} gets
     * {@code image:tag}, {@code image@digest} or {@code image:tag@digest}. A marker value {@code policy:tag},
     * {@code policy:name} or {@code policy:digest} sets only that part (tag and digest markers only when that part is
     * written). Every document of a multi-document file is searched; finding no marker for the policy is an
     * {@link EditException}.
     *
     * @throws IllegalArgumentException when neither tag nor digest is written, or the version lacks a part asked for
     */
    public static FileEdit markers(String policyName, ImageVersion version, boolean writeTag, boolean writeDigest) {
        return new MarkerEdit(policyName, version, writeTag, writeDigest);
    }
}
