package dev.conveyor.images.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The Registry v2 / OCI distribution API as the image-watcher needs it. */
public interface RegistryClient {

    /** Every tag of the repository, following pagination. */
    List<String> tags(ImageRef image, RegistryCredentials credentials) throws RegistryException;

    /** The digest a tag points at now: one HEAD request (pulls are not counted against Docker Hub's limit for HEAD). */
    String digest(ImageRef image, String tag, RegistryCredentials credentials) throws RegistryException;

    /**
     * What a tag points at; for an index, the entry for {@code platform} (or the first entry when null). Empty when the
     * index has no entry for the platform.
     */
    Optional<ManifestInfo> manifest(ImageRef image, String reference, Platform platform, RegistryCredentials credentials)
            throws RegistryException;

    /** The image's creation time from its config blob ({@code created}); cached by digest, which never changes. */
    Optional<Instant> created(ImageRef image, String configDigest, RegistryCredentials credentials)
            throws RegistryException;
}
