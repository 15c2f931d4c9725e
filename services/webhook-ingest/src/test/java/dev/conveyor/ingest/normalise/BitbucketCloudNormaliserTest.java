package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ArrayNode;
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

class BitbucketCloudNormaliserTest {

    private static final BitbucketCloudNormaliser NORMALISER = new BitbucketCloudNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();

    private static final String FOO = "https://bitbucket.org/brydzewski/foo";
    private static final Person BRAD = new Person("Brad Rydzewski", null, "brydzewski");
    private static final String UPDATE_README = "141977fedf5cf35aa290ac87d4b5177ac4cd9de1";
    private static final String INITIAL = "40e7580cf11311d84a6e5e97e2cbba6df1675750";

    private static Normalised bitbucket(String file, String key) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.BITBUCKET_CLOUD, "bitbucket-cloud/" + file, "X-Event-Key", key);
    }

    @Test
    void everyBitbucketCloudFixtureIsCovered() throws Exception {
        branchUpdate();
        branchCreate();
        branchDelete();
        tagCreate();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("bitbucket-cloud"));
    }

    @Test
    void branchUpdate() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(bitbucket("repo-push-branch-update.go-scm.json", "repo:push"));
        assertThat(e.repository()).isEqualTo(FOO);
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("master");
        assertThat(e.before()).isEqualTo(INITIAL);
        assertThat(e.after()).isEqualTo(UPDATE_README);
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.provider()).isEqualTo("bitbucket-cloud");
        assertThat(e.pusher()).isEqualTo(BRAD);
        assertThat(e.webUrl()).isEqualTo(FOO + "/branches/compare/" + UPDATE_README + ".." + INITIAL);
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo(UPDATE_README);
            assertThat(c.message()).isEqualTo("Update README\n");
            assertThat(c.timestamp()).isEqualTo(Instant.parse("2018-07-02T20:26:56Z"));
            assertThat(c.author()).isEqualTo(new Person("Brad Rydzewski", "brad.rydzewski@gmail.com", "brydzewski"));
            assertThat(c.url()).isEqualTo(FOO + "/commits/" + UPDATE_README);
            // Bitbucket does not send paths
            assertThat(c.added()).isEmpty();
            assertThat(c.modified()).isEmpty();
            assertThat(c.removed()).isEmpty();
        });
    }

    @Test
    void branchCreate() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(bitbucket("repo-push-branch-create.go-scm.json", "repo:push"));
        assertThat(e.repository()).isEqualTo(FOO);
        assertThat(e.ref()).isEqualTo("refs/heads/develop");
        assertThat(e.refName()).isEqualTo("develop");
        assertThat(e.before()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.after()).isEqualTo(UPDATE_README);
        assertThat(e.created()).isTrue();
        assertThat(e.deleted()).isFalse();
        // Bitbucket lists newest first; events oldest first
        assertThat(e.commits()).extracting(CommitPushed.Commit::sha).containsExactly(INITIAL, UPDATE_README);
        assertThat(e.commits().get(0).message()).isEqualTo("initial commit\n");
        assertThat(e.commits().get(0).timestamp()).isEqualTo(Instant.parse("2018-07-02T20:22:41Z"));
    }

    @Test
    void branchDelete() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(bitbucket("repo-push-branch-delete.go-scm.json", "repo:push"));
        assertThat(e.repository()).isEqualTo(FOO);
        assertThat(e.ref()).isEqualTo("refs/heads/develop");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.before()).isEqualTo(UPDATE_README);
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isTrue();
        assertThat(e.commits()).isEmpty();
        assertThat(e.pusher()).isEqualTo(BRAD);
    }

    @Test
    void tagCreate() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(bitbucket("repo-push-tag-create.go-scm.json", "repo:push"));
        assertThat(e.repository()).isEqualTo(FOO);
        assertThat(e.ref()).isEqualTo("refs/tags/feature/x");
        assertThat(e.refType()).isEqualTo(RefType.TAG);
        assertThat(e.refName()).isEqualTo("feature/x");
        assertThat(e.before()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.after()).isEqualTo(UPDATE_README);
        assertThat(e.created()).isTrue();
        assertThat(e.deleted()).isFalse();
    }

    // ---- variants, errors and ignored kinds ----------------------------------------------------------------------

    @Test
    void onePushMovingTwoRefsGivesTwoEvents() throws Exception {
        ObjectNode body = Fixtures.mutable("bitbucket-cloud/repo-push-branch-update.go-scm.json");
        ArrayNode changes = (ArrayNode) body.at("/push/changes");
        changes.add(Fixtures.json("bitbucket-cloud/repo-push-tag-create.go-scm.json").at("/push/changes/0"));
        ((ObjectNode) changes.get(0)).put("forced", true);
        List<CommitPushed> events = Fixtures.commitsPushed(
                Fixtures.normalise(NORMALISER, Provider.BITBUCKET_CLOUD, body, "X-Event-Key", "repo:push"));
        assertThat(events).extracting(CommitPushed::ref).containsExactly("refs/heads/master", "refs/tags/feature/x");
        assertThat(events.get(0).forced()).isTrue();
        assertThat(events.get(1).forced()).isFalse();
    }

    @Test
    void repositoryFallsBackToHtmlLink() throws Exception {
        ObjectNode body = Fixtures.mutable("bitbucket-cloud/repo-push-branch-update.go-scm.json");
        ((ObjectNode) body.get("repository")).remove("full_name");
        assertThat(Fixtures.onlyCommitPushed(Fixtures.normalise(NORMALISER, Provider.BITBUCKET_CLOUD, body,
                "X-Event-Key", "repo:push")).repository()).isEqualTo(FOO);
    }

    @Test
    void pingAndOtherKeysAreIgnored() throws Exception {
        Normalised.Ignored ping = Fixtures.ignored(bitbucket("repo-push-branch-update.go-scm.json", "diagnostics:ping"));
        assertThat(ping.ping()).isTrue();
        for (String key : List.of("repo:fork", "pullrequest:created", "pullrequest:fulfilled", "issue:created")) {
            Normalised.Ignored ignored = Fixtures.ignored(bitbucket("repo-push-branch-update.go-scm.json", key));
            assertThat(ignored.ping()).isFalse();
            assertThat(ignored.reason()).contains(key);
        }
    }

    @Test
    void unknownEventIsMalformed() {
        assertThatThrownBy(() -> bitbucket("repo-push-branch-update.go-scm.json", "xyz"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("unknown Bitbucket Cloud event 'xyz'");
    }

    @Test
    void serverEventKeyIsMalformedWithAHint() {
        assertThatThrownBy(() -> bitbucket("repo-push-branch-update.go-scm.json", "repo:refs_changed"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("bitbucket-server");
    }

    @Test
    void missingEventHeaderIsMalformed() {
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.BITBUCKET_CLOUD,
                "bitbucket-cloud/repo-push-branch-update.go-scm.json"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("X-Event-Key");
    }

    @Test
    void missingChangesIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("bitbucket-cloud/repo-push-branch-update.go-scm.json");
        ((ObjectNode) body.get("push")).remove("changes");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.BITBUCKET_CLOUD, body,
                "X-Event-Key", "repo:push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'push.changes'");
    }

    @Test
    void missingTargetHashIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("bitbucket-cloud/repo-push-branch-update.go-scm.json");
        ((ObjectNode) body.at("/push/changes/0/new/target")).remove("hash");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.BITBUCKET_CLOUD, body,
                "X-Event-Key", "repo:push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'push.changes[0].new.target.hash'");
    }
}
