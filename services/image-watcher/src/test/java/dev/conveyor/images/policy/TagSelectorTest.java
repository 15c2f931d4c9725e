package dev.conveyor.images.policy;

import dev.conveyor.images.registry.ImageRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagSelectorTest {

    /** A realistic tag set: releases with and without v, prereleases, build metadata, CI tags, cosign artefacts. */
    static final List<String> TAGS = List.of("latest", "1.2.0", "v1.2.1", "1.2.10", "1.3.0-rc.1", "1.3.0-beta.2",
            "v1.4.0-alpha.1", "1.2.3+build.7", "2.0.0", "2.1.0-rc.1", "main-4f2a9c1", "pr-812",
            "sha256-" + "a".repeat(64) + ".sig", "sha256-" + "b".repeat(64) + ".att", "0.9.9", "1.2.9-debug");

    static ImagePolicy policy(Strategy strategy, String allow, List<String> ignore) {
        return new ImagePolicy("p", ImageRef.parse("registry.example/acme/app"), strategy,
                allow == null ? null : Pattern.compile(allow), ignore.stream().map(Pattern::compile).toList(), null, null,
                new WriteBack("https://git.example/acme/deploy.git", "main", "k.yaml",
                        new WriteBack.Marker(true, false), WriteBack.DEFAULT_MESSAGE, "a", "a@b"), "f.yaml");
    }

    static List<String> ranked(ImagePolicy p, List<String> tags) {
        return TagSelector.ranked(p, tags).stream().map(TagSelector.Candidate::tag).toList();
    }

    @Test
    void caretRangeChoosesHighestReleaseInMajorAndSkipsPrereleases() {
        assertThat(ranked(policy(new Strategy.Semver("^1.2", false), null, List.of()), TAGS))
                .containsExactly("1.2.10", "1.2.3+build.7", "v1.2.1", "1.2.0");
    }

    @Test
    void tildeRangeStaysWithinMinor() {
        List<String> tags = List.of("1.4.0", "1.4.7", "1.5.0", "1.3.9");
        assertThat(ranked(policy(new Strategy.Semver("~1.4", false), null, List.of()), tags)).containsExactly("1.4.7", "1.4.0");
    }

    @Test
    void explicitBoundsAndPrereleasesOptIn() {
        List<String> chosen = ranked(policy(new Strategy.Semver(">=1.0 <2.0", true), null, List.of()), TAGS);
        assertThat(chosen.get(0)).isEqualTo("v1.4.0-alpha.1");
        assertThat(chosen).contains("1.3.0-rc.1", "1.3.0-beta.2").doesNotContain("2.0.0", "2.1.0-rc.1", "0.9.9");
        // rc.1 sorts above beta.2 and both below the release of the same version would.
        assertThat(chosen.indexOf("1.3.0-rc.1")).isLessThan(chosen.indexOf("1.3.0-beta.2"));
    }

    @Test
    void ignoreTagsAndCosignArtefactsAreNeverChosen() {
        ImagePolicy p = policy(new Strategy.Alphabetical(Strategy.Order.DESC), null, List.of("^latest$", "-debug$"));
        List<String> allowed = TagSelector.allowed(p, TAGS).stream().map(TagSelector.Candidate::tag).toList();
        assertThat(allowed).doesNotContain("latest", "1.2.9-debug").noneMatch(t -> t.startsWith("sha256-"));
    }

    @Test
    void allowTagsNamedGroupIsWhatIsSorted() {
        // Build timestamps behind a branch prefix: the group makes them comparable regardless of the prefix.
        List<String> tags = List.of("main-20261128T0915-4f2a9c1", "main-20261130T0705-9b1c2d3", "main-20261129T2359-aaaaaaa",
                "feature-20261201T0000-bbbbbbb", "latest");
        ImagePolicy p = policy(new Strategy.Alphabetical(Strategy.Order.DESC), "^main-(?<version>\\d{8}T\\d{4})-[0-9a-f]{7}$", List.of());
        assertThat(ranked(p, tags)).containsExactly("main-20261130T0705-9b1c2d3", "main-20261129T2359-aaaaaaa",
                "main-20261128T0915-4f2a9c1");
        ImagePolicy asc = policy(new Strategy.Alphabetical(Strategy.Order.ASC), "^main-(?<version>\\d{8}T\\d{4})-", List.of());
        assertThat(ranked(asc, tags).get(0)).isEqualTo("main-20261128T0915-4f2a9c1");
    }

    @Test
    void numericalComparesNumbersNotText() {
        List<String> tags = List.of("build-9", "build-10", "build-101", "build-x", "latest");
        ImagePolicy p = policy(new Strategy.Numerical(Strategy.Order.DESC), "^build-(?<version>\\d+)$", List.of());
        assertThat(ranked(p, tags)).containsExactly("build-101", "build-10", "build-9");
        ImagePolicy asc = policy(new Strategy.Numerical(Strategy.Order.ASC), "^build-(?<version>\\d+)$", List.of());
        assertThat(ranked(asc, tags).get(0)).isEqualTo("build-9");
    }

    @Test
    void rangeCheckRejectsNonsense() {
        assertThat(TagSelector.checkRange("^1.2")).isNull();
        assertThat(TagSelector.checkRange(">=1.0 <2.0")).isNull();
        assertThat(TagSelector.checkRange("banana")).isNotNull();
    }

    @Test
    void registryStrategiesAreNotRankedByTag() {
        assertThatThrownBy(() -> TagSelector.ranked(policy(new Strategy.NewestBuild(), null, List.of()), TAGS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
