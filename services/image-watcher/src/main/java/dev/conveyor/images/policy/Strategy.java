package dev.conveyor.images.policy;

/** How a policy orders the allowed tags to choose one. */
public sealed interface Strategy {

    enum Order { ASC, DESC }

    /** Highest version within an npm-style range ({@code ^1.2}, {@code ~1.4}, {@code >=1.0 <2.0}); a leading {@code v} is allowed. */
    record Semver(String range, boolean prereleases) implements Strategy {
    }

    /** The tag whose image was built last, by the {@code created} time in its config blob. */
    record NewestBuild() implements Strategy {
    }

    /** One mutable tag (e.g. {@code latest}, {@code stable}) pinned by digest: an update is a new digest. */
    record Digest(String tag) implements Strategy {
    }

    /** Lexical order of the sortable part (e.g. timestamps {@code 20261130-0915}); DESC chooses the last. */
    record Alphabetical(Order order) implements Strategy {
    }

    /** Numeric order of the sortable part (e.g. build numbers); tags whose part is not a number are skipped. */
    record Numerical(Order order) implements Strategy {
    }
}
