package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.CommitPushed;
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

class GitLabNormaliserTest {

    private static final GitLabNormaliser NORMALISER = new GitLabNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();

    private static final String DIASPORA = "http://example.com/mike/diaspora";
    private static final String HELLO = "https://gitlab.com/gitlab-org/hello-world";
    private static final String EXAMPLE = "http://example.com/jsmith/example";
    private static final Person SID = new Person("Sid Sijbrandij", "noreply@gitlab.com", "sytses");

    private static Normalised gitlab(String file, String event) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.GITLAB, "gitlab/" + file, "X-Gitlab-Event", event);
    }

    @Test
    void everyGitLabFixtureIsCovered() throws Exception {
        pushHookDocs();
        pushHookGitlab4j();
        pushHookGoPlayground();
        pushHookGoScm();
        branchCreate();
        branchDelete();
        systemHookPush();
        tagPushHooks();
        tagDelete();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("gitlab"));
    }

    private static void assertDiasporaMasterPush(CommitPushed e) {
        assertThat(e.repository()).isEqualTo(DIASPORA);
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("master");
        assertThat(e.before()).isEqualTo("95790bf891e76fee5e1747ab589903a6a1f80f22");
        assertThat(e.after()).isEqualTo("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.provider()).isEqualTo("gitlab");
        assertThat(e.webUrl()).isEqualTo(DIASPORA);
    }

    @Test
    void pushHookDocs() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("push-hook.gitlab-docs.json", "Push Hook"));
        assertDiasporaMasterPush(e);
        assertThat(e.pusher()).isEqualTo(new Person("John Smith", "john@example.com", "jsmith"));
        // 2 commits listed of total_commits_count 4, oldest first
        assertThat(e.commits()).extracting(CommitPushed.Commit::sha).containsExactly(
                "b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        CommitPushed.Commit first = e.commits().get(0);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2011-12-12T12:27:31Z"));
        assertThat(first.author()).isEqualTo(new Person("Jordi Mallach", "jordi@softcatala.org", null));
        assertThat(first.url()).isEqualTo(DIASPORA + "/commit/b6568db1bc1dcd7f8b4d5a946b0b91f9dacd7327");
        assertThat(first.added()).containsExactly("CHANGELOG");
        assertThat(first.modified()).containsExactly("app/controller/application.rb");
        assertThat(first.removed()).isEmpty();
        assertThat(first.message()).startsWith("Update Catalan translation to e38cb41.");
        assertThat(e.commits().get(1).timestamp()).isEqualTo(Instant.parse("2012-01-03T21:36:29Z"));
    }

    @Test
    void pushHookGitlab4j() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("push-hook.gitlab4j.json", "Push Hook"));
        assertDiasporaMasterPush(e);
        assertThat(e.commits()).hasSize(2);
        assertThat(e.commits().get(0).timestamp()).isEqualTo(Instant.parse("2011-12-12T14:27:31Z"));
        assertThat(e.commits().get(1).added()).containsExactly("CHANGELOG");
    }

    @Test
    void pushHookGoPlayground() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("push-hook.go-playground.json", "Push Hook"));
        assertDiasporaMasterPush(e);
        // the older shape has no user_username
        assertThat(e.pusher()).isEqualTo(new Person("John Smith", "john@example.com", null));
        assertThat(e.commits()).hasSize(2);
        assertThat(e.commits().get(0).modified()).containsExactly("app/controller/application.rb");
    }

    @Test
    void pushHookGoScm() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("push-hook.go-scm.json", "Push Hook"));
        assertThat(e.repository()).isEqualTo(HELLO);
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.before()).isEqualTo("9217710ce8c7e1eae7a5d1c45f6e43e1c769f866");
        assertThat(e.after()).isEqualTo("2adc9465c4edfc33834e173fe89436a7cb899a1d");
        assertThat(e.pusher()).isEqualTo(SID);
        assertThat(e.created()).isFalse();
        assertThat(e.webUrl()).isEqualTo(HELLO);
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo("2adc9465c4edfc33834e173fe89436a7cb899a1d");
            assertThat(c.message()).isEqualTo("added readme\n");
            assertThat(c.added()).containsExactly("README.md");
            assertThat(c.timestamp()).isEqualTo(Instant.parse("2017-12-10T08:26:38Z"));
        });
    }

    @Test
    void branchCreate() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("push-hook-branch-create.go-scm.json", "Push Hook"));
        assertThat(e.repository()).isEqualTo(HELLO);
        assertThat(e.ref()).isEqualTo("refs/heads/feature");
        assertThat(e.refName()).isEqualTo("feature");
        assertThat(e.before()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.after()).isEqualTo("c4c79227ed610f1151f05bbc5be33b4f340d39c8");
        assertThat(e.created()).isTrue();
        assertThat(e.deleted()).isFalse();
        assertThat(e.pusher()).isEqualTo(SID);
        assertThat(e.commits()).singleElement().satisfies(c -> assertThat(c.modified()).containsExactly("README.md"));
    }

    @Test
    void branchDelete() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("push-hook-branch-delete.go-scm.json", "Push Hook"));
        assertThat(e.repository()).isEqualTo(HELLO);
        assertThat(e.ref()).isEqualTo("refs/heads/feature");
        assertThat(e.before()).isEqualTo("c4c79227ed610f1151f05bbc5be33b4f340d39c8");
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isTrue();
        assertThat(e.commits()).isEmpty();
    }

    @Test
    void systemHookPush() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("system-hook-push.go-playground.json", "System Hook"));
        assertDiasporaMasterPush(e);
        assertThat(e.pusher()).isEqualTo(new Person("John Smith", "john@example.com", null));
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo("c5feabde2d8cd023215af4d2ceeb7a64839fc428");
            assertThat(c.author()).isEqualTo(new Person("Example User", "user@example.com", null));
            assertThat(c.timestamp()).isEqualTo(Instant.parse("2013-05-13T18:18:08Z"));
            // this system hook example sends null path lists
            assertThat(c.added()).isEmpty();
            assertThat(c.modified()).isEmpty();
            assertThat(c.removed()).isEmpty();
        });
    }

    @Test
    void tagPushHooks() throws Exception {
        for (String file : List.of("tag-push-hook.gitlab-docs.json", "tag-push-hook.gitlab4j.json",
                "tag-push-hook.go-playground.json")) {
            CommitPushed e = Fixtures.onlyCommitPushed(gitlab(file, "Tag Push Hook"));
            assertThat(e.repository()).as(file).isEqualTo(EXAMPLE);
            assertThat(e.ref()).as(file).isEqualTo("refs/tags/v1.0.0");
            assertThat(e.refType()).as(file).isEqualTo(RefType.TAG);
            assertThat(e.refName()).as(file).isEqualTo("v1.0.0");
            assertThat(e.before()).as(file).isEqualTo(CommitPushed.ZERO_SHA);
            assertThat(e.after()).as(file).isEqualTo("82b3d5ae55f7080f1e6022629cdb57bfae7cccc7");
            assertThat(e.created()).as(file).isTrue();
            assertThat(e.deleted()).as(file).isFalse();
            assertThat(e.commits()).as(file).isEmpty();
            assertThat(e.pusher()).as(file).isEqualTo(new Person("John Smith", null, null));
            assertThat(e.webUrl()).as(file).isEqualTo(EXAMPLE);
        }
    }

    @Test
    void tagDelete() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitlab("tag-push-hook-delete.go-scm.json", "Tag Push Hook"));
        assertThat(e.repository()).isEqualTo(HELLO);
        assertThat(e.ref()).isEqualTo("refs/tags/v1.0.0");
        assertThat(e.refType()).isEqualTo(RefType.TAG);
        assertThat(e.before()).isEqualTo("2adc9465c4edfc33834e173fe89436a7cb899a1d");
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.deleted()).isTrue();
        assertThat(e.created()).isFalse();
        assertThat(e.pusher()).isEqualTo(SID);
    }

    // ---- variants, errors and ignored kinds ----------------------------------------------------------------------

    @Test
    void repositoryFallsBackToRepositoryAndWebUrls() throws Exception {
        ObjectNode body = Fixtures.mutable("gitlab/push-hook.go-scm.json");
        ((ObjectNode) body.get("project")).remove("git_http_url");
        assertThat(Fixtures.onlyCommitPushed(Fixtures.normalise(NORMALISER, Provider.GITLAB, body,
                "X-Gitlab-Event", "Push Hook")).repository()).isEqualTo(HELLO);
        body.remove("repository");
        ((ObjectNode) body.get("project")).put("web_url", "https://GitLab.example.com/group/sub/app");
        assertThat(Fixtures.onlyCommitPushed(Fixtures.normalise(NORMALISER, Provider.GITLAB, body,
                "X-Gitlab-Event", "Push Hook")).repository()).isEqualTo("https://gitlab.example.com/group/sub/app");
    }

    @Test
    void redactedEmailIsNoEmail() throws Exception {
        ObjectNode body = Fixtures.mutable("gitlab/push-hook.go-scm.json");
        body.put("user_email", "[REDACTED]");
        assertThat(Fixtures.onlyCommitPushed(Fixtures.normalise(NORMALISER, Provider.GITLAB, body,
                "X-Gitlab-Event", "Push Hook")).pusher()).isEqualTo(new Person("Sid Sijbrandij", null, "sytses"));
    }

    @Test
    void otherSystemHooksAreIgnored() throws Exception {
        ObjectNode body = Fixtures.mutable("gitlab/system-hook-push.go-playground.json");
        body.put("event_name", "project_create");
        Normalised.Ignored ignored = Fixtures.ignored(
                Fixtures.normalise(NORMALISER, Provider.GITLAB, body, "X-Gitlab-Event", "System Hook"));
        assertThat(ignored.reason()).contains("project_create");
    }

    @Test
    void otherHooksAreIgnored() throws Exception {
        for (String hook : List.of("Merge Request Hook", "Note Hook", "Pipeline Hook", "Job Hook")) {
            Normalised.Ignored ignored = Fixtures.ignored(gitlab("push-hook.go-scm.json", hook));
            assertThat(ignored.reason()).contains(hook);
            assertThat(ignored.ping()).isFalse();
        }
    }

    @Test
    void unknownEventIsMalformed() {
        assertThatThrownBy(() -> gitlab("push-hook.go-scm.json", "xyz"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("unknown GitLab event 'xyz'");
    }

    @Test
    void missingEventHeaderIsMalformed() {
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITLAB, "gitlab/push-hook.go-scm.json"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("X-Gitlab-Event");
    }

    @Test
    void missingAfterIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("gitlab/push-hook.go-scm.json");
        body.remove("after");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITLAB, body, "X-Gitlab-Event", "Push Hook"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'after'");
    }

    @Test
    void missingRepositoryUrlsIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("gitlab/push-hook.go-scm.json");
        body.remove("project");
        body.remove("repository");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITLAB, body, "X-Gitlab-Event", "Push Hook"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'project.git_http_url'");
    }

    @Test
    void systemHookWithoutEventNameIsMalformed() {
        ObjectNode body = Fixtures.mutable("gitlab/system-hook-push.go-playground.json");
        body.remove("event_name");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITLAB, body, "X-Gitlab-Event", "System Hook"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'event_name'");
    }

    @Test
    void olderGitLabTimestampSpellingsAreRead() throws Exception {
        ObjectNode body = Fixtures.mutable("gitlab/push-hook.gitlab-docs.json");
        ((ObjectNode) body.at("/commits/0")).put("timestamp", "2011-12-12 14:27:31 UTC");
        ((ObjectNode) body.at("/commits/1")).put("timestamp", "2012-01-03 23:36:29 +0200");
        CommitPushed e = Fixtures.onlyCommitPushed(
                Fixtures.normalise(NORMALISER, Provider.GITLAB, body, "X-Gitlab-Event", "Push Hook"));
        assertThat(e.commits().get(0).timestamp()).isEqualTo(Instant.parse("2011-12-12T14:27:31Z"));
        assertThat(e.commits().get(1).timestamp()).isEqualTo(Instant.parse("2012-01-03T21:36:29Z"));
        assertThat(Json.parseInstant("2011-12-12T14:27:31+02:00")).isEqualTo(Instant.parse("2011-12-12T12:27:31Z"));
        // unparseable timestamps are unknown, never a reason to refuse a push
        assertThat(Json.parseInstant("yesterday")).isNull();
    }
}
