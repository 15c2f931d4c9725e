package dev.conveyor.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A registry says a tag now points at an image (or another artifact). A trigger, not the truth: consumers re-read the
 * registry before acting on it.
 *
 * @param registry   registry host, with port when not the default, e.g. {@code ghcr.io}, {@code docker.io}
 * @param repository repository path within the registry, e.g. {@code library/nginx}
 * @param tag        the tag that was pushed
 * @param digest     content digest ({@code sha256:...}) when the provider tells, as published (not re-validated)
 * @param mediaType  manifest or artifact media type when the provider tells
 * @param provider   the webhook provider, e.g. {@code dockerhub}, {@code harbor}
 * @param pushedAt   when the registry says the push happened, when it says
 */
public record ImageTagged(
        String registry,
        String repository,
        String tag,
        String digest,
        String mediaType,
        String provider,
        Instant pushedAt) implements ConveyorEvent {

    public ImageTagged {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(provider, "provider");
    }

    /** {@code registry/repository}: the image without tag or digest. */
    public String imageName() {
        return registry + "/" + repository;
    }

    @Override
    public EventType eventType() {
        return EventType.IMAGE_TAGGED;
    }

    @Override
    public String partitionKey() {
        return imageName();
    }

    @Override
    public String subject() {
        return tag;
    }
}
