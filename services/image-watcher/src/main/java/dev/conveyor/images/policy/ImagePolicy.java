package dev.conveyor.images.policy;

import dev.conveyor.images.registry.ImageRef;
import dev.conveyor.images.registry.Platform;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An {@code ImagePolicy} declaration: which image to watch, how to choose a version, where to write it.
 *
 * @param name        the policy's name ({@code metadata.name})
 * @param image       the watched repository
 * @param strategy    how tags are ordered
 * @param allowTags   only tags matching this are considered; its named group {@code version}, when present, is the part
 *                    that is sorted (null: every tag)
 * @param ignoreTags  tags matching any of these are never chosen
 * @param platform    only tags whose image offers this platform (null: any)
 * @param credentials name of the registry credentials in configuration (null: anonymous)
 * @param writeBack   where the choice goes
 * @param declaredIn  file in the control repository, for messages
 */
public record ImagePolicy(String name, ImageRef image, Strategy strategy, Pattern allowTags, List<Pattern> ignoreTags,
                          Platform platform, String credentials, WriteBack writeBack, String declaredIn) {

    public static final String KIND = "ImagePolicy";

    public ImagePolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(writeBack, "writeBack");
        ignoreTags = List.copyOf(ignoreTags);
    }

    // Patterns have identity equality; compare their source so an unchanged declaration compares equal on reload.
    @Override
    public boolean equals(Object o) {
        return o instanceof ImagePolicy p && name.equals(p.name) && image.equals(p.image) && strategy.equals(p.strategy)
                && Objects.equals(source(allowTags), source(p.allowTags))
                && ignoreTags.stream().map(Pattern::pattern).toList().equals(p.ignoreTags.stream().map(Pattern::pattern).toList())
                && Objects.equals(platform, p.platform) && Objects.equals(credentials, p.credentials)
                && writeBack.equals(p.writeBack) && Objects.equals(declaredIn, p.declaredIn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, image, strategy, source(allowTags), platform, credentials, writeBack);
    }

    private static String source(Pattern p) {
        return p == null ? null : p.pattern();
    }
}
