package dev.conveyor.git.write;

import java.util.regex.Pattern;

/**
 * One image version to write into a file.
 *
 * @param image  the image name as it is written in the file, e.g. {@code registry.example:5000/team/app}
 * @param tag    the tag, or null when only a digest is known
 * @param digest the manifest digest ({@code sha256:...}), or null
 */
public record ImageVersion(String image, String tag, String digest) {

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Za-z0-9=_-]{32,}");

    public ImageVersion {
        if (image == null || image.isBlank() || image.chars().anyMatch(c -> c <= ' ' || c == '@')) {
            throw new IllegalArgumentException("not an image name: '" + image + "'");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("not an image tag: '" + tag + "'");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not an image digest: '" + digest + "'");
        }
    }

    public static ImageVersion ofTag(String image, String tag) {
        return new ImageVersion(image, tag, null);
    }

    /**
     * The reference {@code image:tag}, {@code image@digest} or {@code image:tag@digest}.
     *
     * @throws IllegalArgumentException when a part is asked for that this version does not have, or neither is
     */
    public String reference(boolean withTag, boolean withDigest) {
        if (!withTag && !withDigest) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
        return image + (withTag ? ":" + requireTag() : "") + (withDigest ? "@" + requireDigest() : "");
    }

    String requireTag() {
        if (tag == null) {
            throw new IllegalArgumentException("image " + image + " has no tag to write");
        }
        return tag;
    }

    String requireDigest() {
        if (digest == null) {
            throw new IllegalArgumentException("image " + image + " has no digest to write");
        }
        return digest;
    }

    @Override
    public String toString() {
        return image + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
