package dev.conveyor.images.registry;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image repository in a registry, without tag or digest: {@code registry/repository}. Docker Hub's short forms are
 * normalised the way Docker does ({@code nginx} → {@code docker.io/library/nginx}), so a policy written either way and
 * a webhook's {@code registry/repository} compare equal.
 */
public record ImageRef(String registry, String repository) {

    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._-]+[a-z0-9]+|/[a-z0-9]+)*");

    public ImageRef {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("invalid repository name '" + repository + "'");
        }
    }

    /** Parses {@code [registry/]repository}; a first part without '.', ':' or "localhost" is a Docker Hub namespace. */
    public static ImageRef parse(String image) {
        String s = image.trim();
        if (s.contains("@") || s.substring(s.lastIndexOf('/') + 1).contains(":")) {
            throw new IllegalArgumentException("image '" + image + "' must not carry a tag or digest");
        }
        int slash = s.indexOf('/');
        String first = slash < 0 ? "" : s.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        String registry = hasRegistry ? first.toLowerCase(Locale.ROOT) : "docker.io";
        String repository = hasRegistry ? s.substring(slash + 1) : s;
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) registry = "docker.io";
        if (registry.equals("docker.io") && !repository.contains("/")) repository = "library/" + repository;
        return new ImageRef(registry, repository);
    }

    /** The host the Registry API is served from (Docker Hub's API is not on docker.io itself). */
    public String apiHost() {
        return registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    }

    @Override
    public String toString() {
        return registry + "/" + repository;
    }
}
