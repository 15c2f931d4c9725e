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

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BitbucketServerNormaliserTest {

    private static final BitbucketServerNormaliser NORMALISER = new BitbucketServerNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();

    /** The go-scm fixtures carry no repository.links at all: they cannot name the repository. */
    private static final List<String> WITHOUT_LINKS = List.of(
            "repo-refs-changed-update.go-scm.json",
            "repo-refs-changed-branch-create.go-scm.json",
            "repo-refs-changed-branch-delete.go-scm.json",
            "repo-refs-changed-tag-delete.go-scm.json");

    private static Normalised server(String file, String key) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.BITBUCKET_SERVER, "bitbucket-server/" + file, "X-Event-Key", key);
    }

    /** A go-scm fixture with the links a real Bitbucket Server 5+ sends (the go-scm copies were trimmed). */
    private static Normalised withLinks(String file) throws MalformedWebhookException {
        ObjectNode body = Fixtures.mutable("bitbucket-server/" + file);
        ObjectNode links = ((ObjectNode) body.get("repository")).putObject("links");
        ArrayNode clone = links.putArray("clone");
        clone.addObject().put("href", "ssh://git@bitbucket.example.com:7999/prj/my-repo.git").put("name", "ssh");
        clone.addObject().put("href", "https://jcitizen@bitbucket.example.com/scm/prj/my-repo.git").put("name", "http");
        links.putArray("self").addObject().put("href", "https://bitbucket.example.com/projects/PRJ/repos/my-repo/browse");
        return Fixtures.normalise(NORMALISER, Provider.BITBUCKET_SERVER, body, "X-Event-Key", "repo:refs_changed");
    }

    @Test
    void everyBitbucketServerFixtureIsCovered() throws Exception {
        argocdUpdate();
        goScmFixturesHaveNoLinksAndAreRefused();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("bitbucket-server"));
    }

    @Test
    void argocdUpdate() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(server("repo-refs-changed.argocd.json", "repo:refs_changed"));
        // the "http" clone link, canonical
        assertThat(e.repository()).isEqualTo("https://bitbucketserver/scm/myproject/test-repo");
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("master");
        assertThat(e.before()).isEqualTo("f09c8889a2d234985734958795a31589cd91ffda");
        assertThat(e.after()).isEqualTo("22671f0349857934857983457983475ec39f196b");
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.commits()).isEmpty();
        assertThat(e.provider()).isEqualTo("bitbucket-server");
        assertThat(e.pusher()).isEqualTo(new Person("John", "john@example.com", "john"));
        assertThat(e.webUrl()).isEqualTo("https://bitbucketserver/projects/MYPROJECT/repos/test-repo/browse");
    }

    @Test
    void goScmFixturesHaveNoLinksAndAreRefused() {
        for (String file : WITHOUT_LINKS) {
            assertThatThrownBy(() -> server(file, "repo:refs_changed")).as(file)
                    .isInstanceOf(MalformedWebhookException.class)
                    .hasMessageContaining("repository.links.clone")
                    .hasMessageContaining("cannot name the repository");
        }
    }

    @Test
    void goScmUpdateWithLinks() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(withLinks("repo-refs-changed-update.go-scm.json"));
        // user name in the http clone link is dropped by the canonical form
        assertThat(e.repository()).isEqualTo("https://bitbucket.example.com/scm/prj/my-repo");
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.before()).isEqualTo("5c64a07cd6c0f21b753bf261ef059c7e7633c50a");
        assertThat(e.after()).isEqualTo("823b2230a56056231c9425d63758fa87078a66b4");
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        assertThat(e.pusher()).isEqualTo(new Person("Jane Citizen", "jane@example.com", "jcitizen"));
        assertThat(e.webUrl()).isEqualTo("https://bitbucket.example.com/projects/PRJ/repos/my-repo/browse");
    }

    @Test
    void goScmBranchCreateWithLinks() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(withLinks("repo-refs-changed-branch-create.go-scm.json"));
        assertThat(e.ref()).isEqualTo("refs/heads/develop");
        assertThat(e.refName()).isEqualTo("develop");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.before()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.after()).isEqualTo("208b0a5c05eddadad01f2aed8802fe0c3b3eaf5e");
        assertThat(e.created()).isTrue();
        assertThat(e.deleted()).isFalse();
    }

    @Test
    void goScmBranchDeleteWithLinks() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(withLinks("repo-refs-changed-branch-delete.go-scm.json"));
        assertThat(e.ref()).isEqualTo("refs/heads/develop");
        assertThat(e.before()).isEqualTo("208b0a5c05eddadad01f2aed8802fe0c3b3eaf5e");
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isTrue();
    }

    @Test
    void goScmTagDeleteWithLinks() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(withLinks("repo-refs-changed-tag-delete.go-scm.json"));
        assertThat(e.ref()).isEqualTo("refs/tags/v1.1.0");
        assertThat(e.refType()).isEqualTo(RefType.TAG);
        assertThat(e.refName()).isEqualTo("v1.1.0");
        assertThat(e.before()).isEqualTo("823b2230a56056231c9425d63758fa87078a66b4");
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.deleted()).isTrue();
    }

    @Test
    void sshCloneLinkWhenThereIsNoHttpLink() throws Exception {
        ObjectNode body = Fixtures.mutable("bitbucket-server/repo-refs-changed.argocd.json");
        ((ArrayNode) body.at("/repository/links/clone")).remove(1);
        assertThat(Fixtures.onlyCommitPushed(Fixtures.normalise(NORMALISER, Provider.BITBUCKET_SERVER, body,
                "X-Event-Key", "repo:refs_changed")).repository()).isEqualTo("https://bitbucketserver/myproject/test-repo");
    }

    @Test
    void selfLinkWhenThereAreNoCloneLinks() throws Exception {
        ObjectNode body = Fixtures.mutable("bitbucket-server/repo-refs-changed.argocd.json");
        ((ObjectNode) body.at("/repository/links")).remove("clone");
        assertThat(Fixtures.onlyCommitPushed(Fixtures.normalise(NORMALISER, Provider.BITBUCKET_SERVER, body,
                "X-Event-Key", "repo:refs_changed")).repository())
                .isEqualTo("https://bitbucketserver/scm/myproject/test-repo");
    }

    @Test
    void pingAndOtherKeysAreIgnored() throws Exception {
        Normalised.Ignored ping = Fixtures.ignored(server("repo-refs-changed.argocd.json", "diagnostics:ping"));
        assertThat(ping.ping()).isTrue();
        for (String key : List.of("pr:opened", "pr:merged", "repo:modified", "repo:comment:added")) {
            Normalised.Ignored ignored = Fixtures.ignored(server("repo-refs-changed.argocd.json", key));
            assertThat(ignored.ping()).isFalse();
            assertThat(ignored.reason()).contains(key);
        }
    }

    @Test
    void unknownEventIsMalformed() {
        assertThatThrownBy(() -> server("repo-refs-changed.argocd.json", "xyz"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("unknown Bitbucket Server event 'xyz'");
    }

    @Test
    void missingEventHeaderIsMalformed() {
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.BITBUCKET_SERVER,
                "bitbucket-server/repo-refs-changed.argocd.json"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("X-Event-Key");
    }

    @Test
    void missingToHashIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("bitbucket-server/repo-refs-changed.argocd.json");
        ((ObjectNode) body.at("/changes/0")).remove("toHash");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.BITBUCKET_SERVER, body,
                "X-Event-Key", "repo:refs_changed"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'changes[0].toHash'");
    }

    @Test
    void missingChangesIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("bitbucket-server/repo-refs-changed.argocd.json");
        body.remove("changes");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.BITBUCKET_SERVER, body,
                "X-Event-Key", "repo:refs_changed"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'changes'");
    }

    @Test
    void bitbucketServerOffsetsWithoutColonAreRead() {
        // the "date" of repo:refs_changed payloads (not part of CommitPushed, read by the shared helper)
        assertThat(Json.instant(Fixtures.json("bitbucket-server/repo-refs-changed.argocd.json"), "date"))
                .isEqualTo(java.time.Instant.parse("2019-06-17T09:37:57Z"));
        assertThat(Json.parseInstant("2018-07-05T18:24:15+0000"))
                .isEqualTo(java.time.Instant.parse("2018-07-05T18:24:15Z"));
    }
}
