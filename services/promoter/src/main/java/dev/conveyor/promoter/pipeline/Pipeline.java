package dev.conveyor.promoter.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Pipeline} declaration: the images it carries and its ordered stages, each with the Application the syncer
 * runs for it, where a promotion writes, and the gates a freight must pass to enter it.
 *
 * @param name       {@code metadata.name}
 * @param images     the images whose versions make up a freight
 * @param stages     in promotion order; the first is fed by the image-watcher
 * @param declaredIn file in the control repository
 */
public record Pipeline(String name, List<ImageSpec> images, List<Stage> stages, String declaredIn) {

    public static final String KIND = "Pipeline";

    public Pipeline {
        Objects.requireNonNull(name, "name");
        images = List.copyOf(images);
        stages = List.copyOf(stages);
    }

    public Optional<Stage> stage(String stageName) {
        return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
    }

    public int indexOf(String stageName) {
        for (int i = 0; i < stages.size(); i++) if (stages.get(i).name().equals(stageName)) return i;
        return -1;
    }

    public Optional<ImageSpec> image(String image) {
        return images.stream().filter(i -> i.image().equals(image)).findFirst();
    }

    /**
     * One image of the pipeline and how it is named in the files promotions write.
     *
     * @param image         {@code registry/repository}, as in ImageUpdated
     * @param kustomizeName the {@code images[].name} in kustomization files (default: the image)
     * @param helmRepository dotted Helm values key for the repository, or null
     * @param helmTag        dotted key for the tag (default {@code image.tag} when a stage writes Helm values)
     * @param helmDigest     dotted key for the digest, or null
     * @param marker         the name in marker comments {@code {"conveyor.dev/image-policy": "<marker>"}}
     */
    public record ImageSpec(String image, String kustomizeName, String helmRepository, String helmTag, String helmDigest,
                            String marker) {
    }

    /**
     * A stage.
     *
     * @param name        stage name, e.g. {@code staging}
     * @param application the syncer's Application that runs this stage
     * @param writeBack   where promotions into this stage write
     * @param gates       what a freight must pass to enter
     * @param timeout     how long a promotion may take to become healthy before it fails
     */
    public record Stage(String name, String application, WriteTarget writeBack, Gates gates, Duration timeout) {
    }

    /** Where and how a stage's versions are written. kind: kustomize, helm or marker. */
    public record WriteTarget(String repoURL, String branch, String path, String kind, boolean tag, boolean digest) {
    }

    /**
     * A stage's gates.
     *
     * @param autoPromote freight verified upstream is promoted without a person asking
     * @param approvals   required approvals (0: none)
     * @param soak        how long freight must have been healthy in the previous stage
     * @param freezes     windows in which nothing is promoted into the stage
     * @param conditions  CEL expressions over {@code freight} and {@code stage} that must all be true
     */
    public record Gates(boolean autoPromote, Approvals approvals, Duration soak, List<FreezeWindow> freezes,
                        List<String> conditions) {
        public Gates {
            freezes = List.copyOf(freezes);
            conditions = List.copyOf(conditions);
        }

        public static Gates open() {
            return new Gates(true, Approvals.NONE, Duration.ZERO, List.of(), List.of());
        }
    }

    /**
     * Who may approve (and promote, roll back, release holds) for a stage.
     *
     * @param required    approvals needed before a promotion
     * @param users       allowed approvers by user name
     * @param groups      allowed approvers by group (from the token's groups claim)
     * @param allowAuthor whether the person who requested the promotion may approve it
     */
    public record Approvals(int required, Set<String> users, Set<String> groups, boolean allowAuthor) {
        public static final Approvals NONE = new Approvals(0, Set.of(), Set.of(), false);

        public Approvals {
            users = Set.copyOf(users);
            groups = Set.copyOf(groups);
        }

        /** With no approvers declared, any authenticated person may act on the stage. */
        public boolean allows(String user, Set<String> userGroups) {
            if (users.isEmpty() && groups.isEmpty()) return true;
            return users.contains(user) || userGroups.stream().anyMatch(groups::contains);
        }
    }
}
