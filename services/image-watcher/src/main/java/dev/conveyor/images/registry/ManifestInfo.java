package dev.conveyor.images.registry;

import java.util.List;

/**
 * What a tag points at.
 *
 * @param digest          digest of what the tag references (the index for a multi-arch image): the value to pin
 * @param mediaType       media type of that manifest or index
 * @param platforms       the platforms an index offers (empty for a single-platform manifest)
 * @param imageDigest     digest of the single-platform manifest chosen (the platform filter's, or the manifest itself)
 * @param configDigest    digest of that manifest's config blob (where the creation time lives)
 */
public record ManifestInfo(String digest, String mediaType, List<Platform> platforms, String imageDigest,
                           String configDigest) {

    public boolean isIndex() {
        return !platforms.isEmpty();
    }
}
