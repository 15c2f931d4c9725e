package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.events.Person;
import dev.conveyor.events.RefType;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Provider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitHubNormaliserTest {

    private static final GitHubNormaliser NORMALISER = new GitHubNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();

    private static final String CODERTOCAT = "https://github.com/Codertocat/Hello-World";
    private static final Person CODERTOCAT_PUSHER =
            new Person("Codertocat", "21031067+Codertocat@users.noreply.github.com", null);
    private static final String INITIAL = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    private static Normalised github(String file, String event) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.GITHUB, "github/" + file, "X-GitHub-Event", event);
    }

    @Test
    void everyGitHubFixtureIsCovered() throws Exception {
        pushBranchCreateWithCommit();
        pushBranchCreateNoUsernameCommitter();
        pushTagDeleteOctokit();
        pushTagDeleteOrg();
        pings();
        containerPackagesWithoutTagAreIgnored();
        npmPackageIsIgnored();
        createAndDeleteAreIgnored();
        forcePush();
        tagCreate();
        branchUpdate();
        branchDelete();
        tagDeleteGoScm();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("github"));
    }

    @Test
    void pushBranchCreateWithCommit() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-branch-create-with-commit.octokit.json", "push"));
        assertThat(e.repository()).isEqualTo(CODERTOCAT);
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("master");
        assertThat(e.before()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.after()).isEqualTo(INITIAL);
        assertThat(e.created()).isTrue();
        assertThat(e.deleted()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.provider()).isEqualTo("github");
        assertThat(e.pusher()).isEqualTo(CODERTOCAT_PUSHER);
        assertThat(e.webUrl()).isEqualTo(CODERTOCAT + "/commit/" + INITIAL);
        assertThat(e.commits()).hasSize(1);
        CommitPushed.Commit c = e.commits().get(0);
        assertThat(c.sha()).isEqualTo(INITIAL);
        assertThat(c.message()).isEqualTo("Initial commit");
        assertThat(c.timestamp()).isEqualTo(Instant.parse("2019-05-15T15:19:25Z"));
        assertThat(c.author()).isEqualTo(
                new Person("Codertocat", "21031067+Codertocat@users.noreply.github.com", "Codertocat"));
        assertThat(c.url()).isEqualTo(CODERTOCAT + "/commit/" + INITIAL);
        assertThat(c.added()).containsExactly("README.md");
        assertThat(c.modified()).isEmpty();
        assertThat(c.removed()).isEmpty();
    }

    @Test
    void pushBranchCreateNoUsernameCommitter() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(
                github("push-branch-create-no-username-committer.octokit.json", "push"));
        assertThat(e.repository()).isEqualTo(CODERTOCAT);
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.created()).isTrue();
        assertThat(e.after()).isEqualTo(INITIAL);
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo(INITIAL);
            // the author has a username, the committer (not mapped) has none
            assertThat(c.author().username()).isEqualTo("Codertocat");
            assertThat(c.added()).containsExactly("README.md");
        });
    }

    @Test
    void pushTagDeleteOctokit() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-tag-delete.octokit.json", "push"));
        assertTagSimpleTagDeleted(e);
    }

    @Test
    void pushTagDeleteOrg() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-tag-delete-org.octokit.json", "push"));
        assertTagSimpleTagDeleted(e);
    }

    private static void assertTagSimpleTagDeleted(CommitPushed e) {
        assertThat(e.repository()).isEqualTo(CODERTOCAT);
        assertThat(e.ref()).isEqualTo("refs/tags/simple-tag");
        assertThat(e.refType()).isEqualTo(RefType.TAG);
        assertThat(e.refName()).isEqualTo("simple-tag");
        assertThat(e.before()).isEqualTo(INITIAL);
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.deleted()).isTrue();
        assertThat(e.created()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.commits()).isEmpty();
        assertThat(e.pusher()).isEqualTo(CODERTOCAT_PUSHER);
        assertThat(e.webUrl()).isEqualTo(CODERTOCAT + "/compare/6113728f27ae...000000000000");
    }

    @Test
    void pings() throws Exception {
        for (String file : List.of("ping.octokit.json", "ping-app.octokit.json", "ping.argocd.json")) {
            Normalised.Ignored ignored = Fixtures.ignored(github(file, "ping"));
            assertThat(ignored.ping()).as(file).isTrue();
            assertThat(ignored.reason()).as(file).contains("GitHub ping");
        }
    }

    @Test
    void containerPackagesWithoutTagAreIgnored() throws Exception {
        // octokit's container examples are untagged pushes (container_metadata.tag.name is "")
        Normalised.Ignored p = Fixtures.ignored(github("package-published-container.octokit.json", "package"));
        assertThat(p.ping()).isFalse();
        assertThat(p.reason()).contains("untagged");
        Normalised.Ignored r = Fixtures.ignored(
                github("registry_package-published-container.octokit.json", "registry_package"));
        assertThat(r.reason()).contains("untagged");
    }

    @Test
    void npmPackageIsIgnored() throws Exception {
        Normalised.Ignored ignored = Fixtures.ignored(github("package-published-npm.octokit.json", "package"));
        assertThat(ignored.reason()).isEqualTo("package type npm is not a container image");
        assertThat(ignored.ping()).isFalse();
    }

    @Test
    void createAndDeleteAreIgnored() throws Exception {
        assertThat(Fixtures.ignored(github("create-tag.octokit.json", "create")).reason())
                .contains("covered by the push event GitHub sends for the same ref");
        assertThat(Fixtures.ignored(github("delete-tag.octokit.json", "delete")).reason())
                .contains("covered by the push event GitHub sends for the same ref");
    }

    @Test
    void forcePush() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-force.argocd.json", "push"));
        assertThat(e.repository()).isEqualTo("https://github.com/jessesuen/test-repo");
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("master");
        assertThat(e.before()).isEqualTo("d5c1ffa8e294bc18c639bfb4e0df499251034414");
        assertThat(e.after()).isEqualTo("63738bb582c8b540af7bcfc18f87c575c3ed66e0");
        assertThat(e.forced()).isTrue();
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        assertThat(e.pusher()).isEqualTo(new Person("jessesuen", "jessesuen@users.noreply.github.com", null));
        assertThat(e.webUrl()).isEqualTo("https://github.com/jessesuen/test-repo/compare/d5c1ffa8e294...63738bb582c8");
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo("63738bb582c8b540af7bcfc18f87c575c3ed66e0");
            assertThat(c.message()).isEqualTo("Add staging-argocd-demo environment");
            assertThat(c.timestamp()).isEqualTo(Instant.parse("2018-05-04T22:40:02Z"));
            assertThat(c.author()).isEqualTo(new Person("Jesse Suen", "Jesse_Suen@example.com", "jessesuen"));
            assertThat(c.added()).containsExactly(
                    "ksapps/test-app/environments/staging-argocd-demo/main.jsonnet",
                    "ksapps/test-app/environments/staging-argocd-demo/params.libsonnet");
            assertThat(c.modified()).containsExactly("ksapps/test-app/app.yaml");
            assertThat(c.removed()).isEmpty();
        });
    }

    @Test
    void tagCreate() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-tag-create.argocd.json", "push"));
        assertThat(e.repository()).isEqualTo("https://github.com/jessesuen/test-repo");
        assertThat(e.ref()).isEqualTo("refs/tags/v1.0");
        assertThat(e.refType()).isEqualTo(RefType.TAG);
        assertThat(e.refName()).isEqualTo("v1.0");
        assertThat(e.before()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.after()).isEqualTo("63738bb582c8b540af7bcfc18f87c575c3ed66e0");
        assertThat(e.created()).isTrue();
        assertThat(e.deleted()).isFalse();
        assertThat(e.commits()).isEmpty();
        assertThat(e.webUrl()).isEqualTo("https://github.com/jessesuen/test-repo/compare/v1.0");
    }

    @Test
    void branchUpdate() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-branch-update.go-scm.json", "push"));
        assertThat(e.repository()).isEqualTo(CODERTOCAT);
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.before()).isEqualTo("a10867b14bb761a232cd80139fbd4c0d33264240");
        assertThat(e.after()).isEqualTo("199eddf46df50de8d02e99bf1c5fdb4101338224");
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo("199eddf46df50de8d02e99bf1c5fdb4101338224");
            assertThat(c.message()).isEqualTo("Update README");
            assertThat(c.timestamp()).isEqualTo(Instant.parse("2018-06-15T20:01:51Z"));
            assertThat(c.modified()).containsExactly("README.md");
            assertThat(c.added()).isEmpty();
        });
    }

    @Test
    void branchDelete() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-branch-delete.go-scm.json", "push"));
        assertThat(e.repository()).isEqualTo("https://github.com/bradrydzewski/drone-test-go");
        assertThat(e.ref()).isEqualTo("refs/heads/feature-branch");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("feature-branch");
        assertThat(e.before()).isEqualTo("d2b75aa7797ec26b088fa2dd527e9d2c052fcedd");
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.deleted()).isTrue();
        assertThat(e.created()).isFalse();
        assertThat(e.commits()).isEmpty();
        assertThat(e.pusher()).isEqualTo(new Person("bradrydzewski", "brad.rydzewski@gmail.com", null));
    }

    @Test
    void tagDeleteGoScm() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(github("push-tag-delete.go-scm.json", "push"));
        assertThat(e.repository()).isEqualTo("https://github.com/bradrydzewski/drone-test-go");
        assertThat(e.ref()).isEqualTo("refs/tags/v0.0.1");
        assertThat(e.refType()).isEqualTo(RefType.TAG);
        assertThat(e.refName()).isEqualTo("v0.0.1");
        assertThat(e.before()).isEqualTo("d2b75aa7797ec26b088fa2dd527e9d2c052fcedd");
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.deleted()).isTrue();
    }

    // ---- GHCR: variants of octokit's container example with a tag (the published examples are untagged) -----------

    @Test
    void taggedContainerPackageBecomesImageTagged() throws Exception {
        ObjectNode body = Fixtures.mutable("github/package-published-container.octokit.json");
        ObjectNode pkg = (ObjectNode) body.get("package");
        pkg.put("package_type", "CONTAINER");
        ObjectNode version = (ObjectNode) pkg.get("package_version");
        ((ObjectNode) version.at("/container_metadata/tag")).put("name", "1.2.0");
        version.put("package_url", "ghcr.io/Codertocat/hello-world:1.2.0");

        ImageTagged e = Fixtures.onlyImageTagged(
                Fixtures.normalise(NORMALISER, Provider.GITHUB, body, "X-GitHub-Event", "package"));
        assertThat(e.registry()).isEqualTo("ghcr.io");
        // from package_url (the pull reference), not package.name ("hello-world-npm" in octokit's example)
        assertThat(e.repository()).isEqualTo("codertocat/hello-world");
        assertThat(e.tag()).isEqualTo("1.2.0");
        // tag.digest in the example has 40 hex digits (malformed); package_version.version is a real digest
        assertThat(e.digest()).isEqualTo("sha256:3da1996a8115d7616457760d9920b815241d0a03b34cf5f04e9a0e9d8de37498");
        assertThat(e.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(e.provider()).isEqualTo("ghcr");
        // package_version times are GitHub's 0001-01-01 placeholder: package.updated_at instead
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2019-05-09T23:28:29Z"));
    }

    @Test
    void taggedRegistryPackageWithoutPackageUrlUsesOwnerAndName() throws Exception {
        ObjectNode body = Fixtures.mutable("github/registry_package-published-container.octokit.json");
        ObjectNode pkg = (ObjectNode) body.get("registry_package");
        pkg.put("package_type", "container");
        ObjectNode version = (ObjectNode) pkg.get("package_version");
        ((ObjectNode) version.at("/container_metadata/tag")).put("name", "latest");
        version.remove("package_url");

        ImageTagged e = Fixtures.onlyImageTagged(
                Fixtures.normalise(NORMALISER, Provider.GITHUB, body, "X-GitHub-Event", "registry_package"));
        assertThat(e.registry()).isEqualTo("ghcr.io");
        assertThat(e.repository()).isEqualTo("codertocat/hello-world-npm");
        assertThat(e.tag()).isEqualTo("latest");
        assertThat(e.provider()).isEqualTo("ghcr");
    }

    @Test
    void containerPackageUpdatedIsIgnored() throws Exception {
        ObjectNode body = Fixtures.mutable("github/package-published-container.octokit.json");
        body.put("action", "updated");
        Normalised.Ignored ignored = Fixtures.ignored(
                Fixtures.normalise(NORMALISER, Provider.GITHUB, body, "X-GitHub-Event", "package"));
        assertThat(ignored.reason()).contains("updated");
    }

    // ---- errors and ignored kinds ------------------------------------------------------------------------------

    @Test
    void unknownEventIsMalformed() {
        assertThatThrownBy(() -> github("push-force.argocd.json", "xyz"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("unknown GitHub event 'xyz'");
    }

    @Test
    void missingEventHeaderIsMalformed() {
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITHUB, "github/push-force.argocd.json"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("X-GitHub-Event");
    }

    @Test
    void knownEventsWeDoNotPublishAreIgnored() throws Exception {
        for (String event : List.of("issues", "pull_request", "workflow_run", "release")) {
            Normalised.Ignored ignored = Fixtures.ignored(github("push-force.argocd.json", event));
            assertThat(ignored.reason()).contains(event);
            assertThat(ignored.ping()).isFalse();
        }
    }

    @Test
    void missingRefIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("github/push-force.argocd.json");
        body.remove("ref");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITHUB, body, "X-GitHub-Event", "push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'ref'");
    }

    @Test
    void missingRepositoryIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("github/push-force.argocd.json");
        body.remove("repository");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITHUB, body, "X-GitHub-Event", "push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'repository.clone_url'");
    }

    @Test
    void missingCommitIdIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("github/push-force.argocd.json");
        ((ObjectNode) body.get("commits").get(0)).remove("id");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITHUB, body, "X-GitHub-Event", "push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'commits[0].id'");
    }

    @Test
    void refThatIsNeitherBranchNorTagIsMalformed() {
        ObjectNode body = Fixtures.mutable("github/push-force.argocd.json");
        body.put("ref", "refs/pull/1/head");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITHUB, body, "X-GitHub-Event", "push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("refs/pull/1/head");
    }

    @Test
    void fixtureHelperReadsExactBytes() {
        byte[] bytes = Fixtures.bytes("github/push-force.argocd.json");
        assertThat(bytes).isNotEmpty();
        assertThat(Fixtures.parse(bytes).path("ref").asText()).isEqualTo("refs/heads/master");
    }
}
