package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.Person;
import dev.conveyor.events.RefType;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Provider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gitea and Gogs share one normaliser. */
class GiteaNormaliserTest {

    private static final GiteaNormaliser NORMALISER = new GiteaNormaliser();
    private static final Set<String> COVERED_GITEA = new TreeSet<>();
    private static final Set<String> COVERED_GOGS = new TreeSet<>();

    private static final Person UNKNWON = new Person("unknwon", "noreply@gogs.io", "unknwon");

    private static Normalised gitea(String file, String event) throws MalformedWebhookException {
        COVERED_GITEA.add(file);
        return Fixtures.normalise(NORMALISER, Provider.GITEA, "gitea/" + file, "X-Gitea-Event", event);
    }

    private static Normalised gogs(String file, String event) throws MalformedWebhookException {
        COVERED_GOGS.add(file);
        return Fixtures.normalise(NORMALISER, Provider.GOGS, "gogs/" + file, "X-Gogs-Event", event);
    }

    @Test
    void everyGiteaAndGogsFixtureIsCovered() throws Exception {
        giteaDocsPush();
        giteaGoScmPush();
        giteaDeleteBranch();
        gogsArgocdPush();
        gogsGoScmPush();
        assertThat(COVERED_GITEA).containsExactlyInAnyOrderElementsOf(Fixtures.files("gitea"));
        assertThat(COVERED_GOGS).containsExactlyInAnyOrderElementsOf(Fixtures.files("gogs"));
    }

    @Test
    void giteaDocsPush() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitea("push.gitea-docs.json", "push"));
        assertThat(e.repository()).isEqualTo("http://localhost:3000/gitea/webhooks");
        assertThat(e.ref()).isEqualTo("refs/heads/develop");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("develop");
        assertThat(e.before()).isEqualTo("28e1879d029cb852e4844d9c718537df08844e03");
        assertThat(e.after()).isEqualTo("bffeb74224043ba2feb48d137756c8a9331c449a");
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.provider()).isEqualTo("gitea");
        assertThat(e.pusher()).isEqualTo(new Person("Gitea", "someone@gitea.io", "gitea"));
        assertThat(e.webUrl()).isEqualTo("http://localhost:3000/gitea/webhooks/compare/"
                + "28e1879d029cb852e4844d9c718537df08844e03...bffeb74224043ba2feb48d137756c8a9331c449a");
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo("bffeb74224043ba2feb48d137756c8a9331c449a");
            assertThat(c.message()).isEqualTo("Webhooks Yay!");
            assertThat(c.timestamp()).isEqualTo(Instant.parse("2017-03-13T17:52:11Z"));
            assertThat(c.author()).isEqualTo(new Person("Gitea", "someone@gitea.io", "gitea"));
            // the docs example lists no paths
            assertThat(c.added()).isEmpty();
            assertThat(c.modified()).isEmpty();
            assertThat(c.removed()).isEmpty();
        });
        // the deprecated 'secret' field of this payload goes nowhere
        String json = new String(EventCodec.toJson(e), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("3gEsCfjlV2ugRwgpU").doesNotContain("secret");
    }

    @Test
    void giteaGoScmPush() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitea("push.go-scm.json", "push"));
        assertThat(e.repository()).isEqualTo("http://try.gitea.io/gogits/hello-world");
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.before()).isEqualTo("9836a96a253cce25d17988fcf41b8c4205cf779f");
        assertThat(e.after()).isEqualTo("4522cbcefc20728a5b72b3a86af35e608622c514");
        assertThat(e.created()).isFalse();
        assertThat(e.deleted()).isFalse();
        // full_name is empty: the login names the pusher
        assertThat(e.pusher()).isEqualTo(UNKNWON);
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo("4522cbcefc20728a5b72b3a86af35e608622c514");
            assertThat(c.message()).isEqualTo("Updated readme\n");
            assertThat(c.modified()).containsExactly("README.md");
            assertThat(c.added()).isEmpty();
            assertThat(c.author()).isEqualTo(new Person("Unknwon", "noreply@gogs.io", "unknwon"));
        });
    }

    @Test
    void giteaDeleteBranch() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gitea("delete-branch.go-scm.json", "delete"));
        assertThat(e.repository()).isEqualTo("http://try.gitea.io/gogits/hello-world");
        assertThat(e.ref()).isEqualTo("refs/heads/feature");
        assertThat(e.refType()).isEqualTo(RefType.BRANCH);
        assertThat(e.refName()).isEqualTo("feature");
        assertThat(e.before()).isNull();
        assertThat(e.after()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.deleted()).isTrue();
        assertThat(e.created()).isFalse();
        assertThat(e.forced()).isFalse();
        assertThat(e.commits()).isEmpty();
        assertThat(e.pusher()).isEqualTo(UNKNWON);
        assertThat(e.provider()).isEqualTo("gitea");
        assertThat(e.webUrl()).isEqualTo("http://try.gitea.io/gogits/hello-world");
    }

    @Test
    void giteaDeleteTag() throws Exception {
        ObjectNode body = Fixtures.mutable("gitea/delete-branch.go-scm.json");
        body.put("ref", "v1.0.0").put("ref_type", "tag");
        CommitPushed e = Fixtures.onlyCommitPushed(
                Fixtures.normalise(NORMALISER, Provider.GITEA, body, "X-Gitea-Event", "delete"));
        assertThat(e.ref()).isEqualTo("refs/tags/v1.0.0");
        assertThat(e.refType()).isEqualTo(RefType.TAG);
        assertThat(e.deleted()).isTrue();
    }

    @Test
    void gogsArgocdPush() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gogs("push.argocd.json", "push"));
        assertThat(e.repository()).isEqualTo("http://gogs-server/john/repo-test");
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.before()).isEqualTo(CommitPushed.ZERO_SHA);
        assertThat(e.after()).isEqualTo("0a05129851238652bf806a400af89fa974ade739");
        assertThat(e.created()).isTrue();
        assertThat(e.deleted()).isFalse();
        assertThat(e.provider()).isEqualTo("gogs");
        assertThat(e.pusher()).isEqualTo(new Person("john", "john@example.com", "john"));
        // compare_url is empty: the repository page instead
        assertThat(e.webUrl()).isEqualTo("http://gogs-server/john/repo-test");
        assertThat(e.commits()).singleElement().satisfies(c -> {
            assertThat(c.sha()).isEqualTo("0a05129851238652bf806a400af89fa974ade739");
            assertThat(c.modified()).containsExactly("cm.yaml");
            assertThat(c.timestamp()).isEqualTo(Instant.parse("2019-06-21T14:23:39Z"));
        });
    }

    @Test
    void gogsGoScmPush() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(gogs("push.go-scm.json", "push"));
        assertThat(e.repository()).isEqualTo("http://try.gogs.io/gogits/hello-world");
        assertThat(e.ref()).isEqualTo("refs/heads/master");
        assertThat(e.before()).isEqualTo("9836a96a253cce25d17988fcf41b8c4205cf779f");
        assertThat(e.after()).isEqualTo("4522cbcefc20728a5b72b3a86af35e608622c514");
        assertThat(e.provider()).isEqualTo("gogs");
        assertThat(e.pusher()).isEqualTo(UNKNWON);
        assertThat(e.webUrl()).startsWith("http://try.gogs.io/gogits/hello-world/compare/");
        assertThat(e.commits()).singleElement().satisfies(c -> assertThat(c.modified()).containsExactly("README.md"));
    }

    // ---- headers, errors and ignored kinds -----------------------------------------------------------------------

    @Test
    void giteaFallsBackToTheGogsEventHeader() throws Exception {
        CommitPushed e = Fixtures.onlyCommitPushed(Fixtures.normalise(NORMALISER, Provider.GITEA,
                "gitea/push.go-scm.json", "X-Gogs-Event", "push"));
        assertThat(e.provider()).isEqualTo("gitea");
    }

    @Test
    void createAndOtherKnownEventsAreIgnored() throws Exception {
        assertThat(Fixtures.ignored(gitea("push.go-scm.json", "create")).reason()).contains("covered by the push");
        for (String event : List.of("issues", "pull_request", "release", "issue_comment", "fork")) {
            Normalised.Ignored ignored = Fixtures.ignored(gitea("push.go-scm.json", event));
            assertThat(ignored.reason()).contains(event);
            assertThat(ignored.ping()).isFalse();
        }
    }

    @Test
    void unknownEventIsMalformed() {
        assertThatThrownBy(() -> gitea("push.go-scm.json", "xyz"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("unknown Gitea event 'xyz'");
        assertThatThrownBy(() -> gogs("push.go-scm.json", "xyz"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("unknown Gogs event 'xyz'");
    }

    @Test
    void missingEventHeaderIsMalformed() {
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITEA, "gitea/push.go-scm.json"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("X-Gitea-Event");
        // Gogs does not read Gitea's header
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GOGS, "gogs/push.go-scm.json",
                "X-Gitea-Event", "push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("X-Gogs-Event");
    }

    @Test
    void missingRefIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("gitea/push.go-scm.json");
        body.remove("ref");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITEA, body, "X-Gitea-Event", "push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'ref'");
    }

    @Test
    void deleteWithoutRefTypeIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("gitea/delete-branch.go-scm.json");
        body.remove("ref_type");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITEA, body, "X-Gitea-Event", "delete"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'ref_type'");
    }

    @Test
    void malformedShaIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("gitea/push.go-scm.json");
        body.put("after", "not-a-sha");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.GITEA, body, "X-Gitea-Event", "push"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'after'");
    }
}
