package dev.conveyor.syncer.engine;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RefType;
import dev.conveyor.syncer.app.Application;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommitRouterTest {

    static Application app(String name, String repo, String revision, String path, Application.SourceType type) {
        return new Application(name, Map.of(), new Application.Source(repo, revision, path, type, null, null),
                new Application.Destination(null, name), null, null, null, "apps.yaml");
    }

    static CommitPushed push(String repo, String branch, List<String> modified) {
        List<CommitPushed.Commit> commits = modified == null ? List.of()
                : List.of(new CommitPushed.Commit("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", "m", null, null, null, List.of(), modified, List.of()));
        return new CommitPushed(repo, "refs/heads/" + branch, RefType.BRANCH, branch,
                "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
                commits, null, "github", false, false, false, null);
    }

    private final List<Application> apps = List.of(
            app("dev", "https://github.com/acme/shop.git", "main", "deploy/overlays/dev", Application.SourceType.KUSTOMIZE),
            app("prod", "git@github.com:acme/shop.git", "main", "deploy/overlays/prod", Application.SourceType.KUSTOMIZE),
            app("docs", "https://github.com/acme/shop", "main", "docs-site", Application.SourceType.DIRECTORY),
            app("release", "https://github.com/acme/shop", "release-1", "deploy/overlays/prod", Application.SourceType.KUSTOMIZE),
            app("other", "https://github.com/acme/other", "main", "", Application.SourceType.DIRECTORY),
            app("follows-head", "https://github.com/acme/shop", "HEAD", "docs-site", Application.SourceType.DIRECTORY));

    private List<String> names(CommitPushed push) {
        return CommitRouter.affected(push, apps).stream().map(Application::name).toList();
    }

    @Test
    void onlyApplicationsWhosePathWasTouched() {
        assertThat(names(push("https://github.com/acme/shop", "main", List.of("deploy/overlays/dev/kustomization.yaml"))))
                .containsExactly("dev");
        assertThat(names(push("https://github.com/acme/shop", "main", List.of("docs-site/index.yaml"))))
                .containsExactly("docs", "follows-head");
    }

    @Test
    void aSharedKustomizeBaseConcernsEveryOverlay() {
        assertThat(names(push("https://github.com/acme/shop", "main", List.of("deploy/base/deployment.yaml"))))
                .containsExactly("dev", "prod");
    }

    @Test
    void otherBranchesAndRepositoriesAreIgnored() {
        assertThat(names(push("https://github.com/acme/shop", "release-1", List.of("deploy/overlays/prod/x.yaml"))))
                .containsExactly("release");
        assertThat(names(push("https://github.com/acme/unknown", "main", null))).isEmpty();
    }

    @Test
    void withoutPathsEveryApplicationOnTheRefIsConcerned() {
        assertThat(names(push("https://github.com/acme/shop", "main", null)))
                .containsExactly("dev", "prod", "docs", "follows-head");
    }

    @Test
    void aDeletedBranchConcernsNobody() {
        CommitPushed p = push("https://github.com/acme/shop", "main", null);
        CommitPushed deleted = new CommitPushed(p.repository(), p.ref(), p.refType(), p.refName(), p.before(), CommitPushed.ZERO_SHA,
                List.of(), null, "github", false, true, false, null);
        assertThat(CommitRouter.affected(deleted, apps)).isEmpty();
    }
}
