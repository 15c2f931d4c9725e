package dev.conveyor.ingest.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.events.RefType;
import dev.conveyor.events.Topics;
import dev.conveyor.ingest.SignedWebhooks;
import dev.conveyor.testing.kafka.EventSchemas;
import dev.conveyor.testing.kafka.KafkaTestResource;
import dev.conveyor.testing.kafka.ReceivedEvent;
import dev.conveyor.testing.kafka.TopicTail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every payload in ../shared/fixtures/webhooks goes through the real HTTP endpoint, correctly signed, and lands on the
 * real Kafka broker as the expected normalised event (or is answered 200 with the reason it is deliberately ignored,
 * and nothing is published).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class WebhookFixturesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TopicTail commits;
    private static TopicTail images;

    @TestHTTPResource("/")
    URI base;

    record Expected(int status, List<Consumer<ConveyorEvent>> events) {
    }

    @SafeVarargs
    static Expected published(Consumer<ConveyorEvent>... events) {
        return new Expected(202, List.of(events));
    }

    static Expected ignored() {
        return new Expected(200, List.of());
    }

    static Consumer<ConveyorEvent> commit(String repository, String ref, Consumer<CommitPushed> more) {
        return e -> {
            assertThat(e).isInstanceOf(CommitPushed.class);
            CommitPushed c = (CommitPushed) e;
            assertThat(c.repository()).isEqualTo(repository);
            assertThat(c.ref()).isEqualTo(ref);
            assertThat(c.refType()).isEqualTo(RefType.ofFullRef(ref));
            assertThat(c.refName()).isEqualTo(RefType.shortName(ref));
            more.accept(c);
        };
    }

    static Consumer<ConveyorEvent> image(String registry, String repository, String tag, String digest) {
        return e -> {
            assertThat(e).isInstanceOf(ImageTagged.class);
            ImageTagged i = (ImageTagged) e;
            assertThat(i.registry()).isEqualTo(registry);
            assertThat(i.repository()).isEqualTo(repository);
            assertThat(i.tag()).isEqualTo(tag);
            assertThat(i.digest()).isEqualTo(digest);
        };
    }

    static Consumer<CommitPushed> created(int commits) {
        return c -> {
            assertThat(c.created()).isTrue();
            assertThat(c.deleted()).isFalse();
            assertThat(c.before()).isEqualTo(CommitPushed.ZERO_SHA);
            assertThat(c.commits()).hasSize(commits);
        };
    }

    static Consumer<CommitPushed> updated(int commits) {
        return c -> {
            assertThat(c.created()).isFalse();
            assertThat(c.deleted()).isFalse();
            assertThat(c.after()).matches("[0-9a-f]{40}").isNotEqualTo(CommitPushed.ZERO_SHA);
            assertThat(c.commits()).hasSize(commits);
        };
    }

    static Consumer<CommitPushed> deleted() {
        return c -> {
            assertThat(c.deleted()).isTrue();
            assertThat(c.created()).isFalse();
            assertThat(c.after()).isEqualTo(CommitPushed.ZERO_SHA);
        };
    }

    static final String HELLO_WORLD = "https://github.com/Codertocat/Hello-World";
    static final String DRONE_TEST = "https://github.com/bradrydzewski/drone-test-go";
    static final String ARGO_TEST = "https://github.com/jessesuen/test-repo";
    static final String GITLAB_HELLO = "https://gitlab.com/gitlab-org/hello-world";
    static final String DIASPORA = "http://example.com/mike/diaspora";
    static final String JSMITH = "http://example.com/jsmith/example";
    static final String BB_FOO = "https://bitbucket.org/brydzewski/foo";
    static final String BBS_BASE = "https://bitbucket.example.com/scm/prj/my-repo";

    static final Map<String, Expected> EXPECTED = Map.ofEntries(
            entry("github/create-tag.octokit.json", ignored()),
            entry("github/delete-tag.octokit.json", ignored()),
            entry("github/package-published-container.octokit.json", ignored()),
            entry("github/package-published-npm.octokit.json", ignored()),
            entry("github/registry_package-published-container.octokit.json", ignored()),
            entry("github/ping-app.octokit.json", ignored()),
            entry("github/ping.argocd.json", ignored()),
            entry("github/ping.octokit.json", ignored()),
            entry("github/push-branch-create-no-username-committer.octokit.json",
                    published(commit(HELLO_WORLD, "refs/heads/master", created(1)))),
            entry("github/push-branch-create-with-commit.octokit.json",
                    published(commit(HELLO_WORLD, "refs/heads/master", created(1).andThen(c ->
                            assertThat(c.commits().get(0).sha()).matches("[0-9a-f]{40}"))))),
            entry("github/push-branch-delete.go-scm.json", published(commit(DRONE_TEST, "refs/heads/feature-branch", deleted()))),
            entry("github/push-branch-update.go-scm.json", published(commit(HELLO_WORLD, "refs/heads/master", updated(1)))),
            entry("github/push-force.argocd.json", published(commit(ARGO_TEST, "refs/heads/master",
                    updated(1).andThen(c -> assertThat(c.forced()).isTrue())))),
            entry("github/push-tag-create.argocd.json", published(commit(ARGO_TEST, "refs/tags/v1.0", created(0)))),
            entry("github/push-tag-delete-org.octokit.json", published(commit(HELLO_WORLD, "refs/tags/simple-tag", deleted()))),
            entry("github/push-tag-delete.go-scm.json", published(commit(DRONE_TEST, "refs/tags/v0.0.1", deleted()))),
            entry("github/push-tag-delete.octokit.json", published(commit(HELLO_WORLD, "refs/tags/simple-tag", deleted()))),

            entry("gitlab/push-hook-branch-create.go-scm.json", published(commit(GITLAB_HELLO, "refs/heads/feature", created(1)))),
            entry("gitlab/push-hook-branch-delete.go-scm.json", published(commit(GITLAB_HELLO, "refs/heads/feature", deleted()))),
            entry("gitlab/push-hook.gitlab-docs.json", published(commit(DIASPORA, "refs/heads/master",
                    updated(2).andThen(c -> assertThat(c.commits().get(0).author().email()).isNotBlank())))),
            entry("gitlab/push-hook.gitlab4j.json", published(commit(DIASPORA, "refs/heads/master", updated(2)))),
            entry("gitlab/push-hook.go-playground.json", published(commit(DIASPORA, "refs/heads/master", updated(2)))),
            entry("gitlab/push-hook.go-scm.json", published(commit(GITLAB_HELLO, "refs/heads/master", updated(1)))),
            entry("gitlab/system-hook-push.go-playground.json", published(commit(DIASPORA, "refs/heads/master", updated(1)))),
            entry("gitlab/tag-push-hook-delete.go-scm.json", published(commit(GITLAB_HELLO, "refs/tags/v1.0.0", deleted()))),
            entry("gitlab/tag-push-hook.gitlab-docs.json", published(commit(JSMITH, "refs/tags/v1.0.0", created(0)))),
            entry("gitlab/tag-push-hook.gitlab4j.json", published(commit(JSMITH, "refs/tags/v1.0.0", created(0)))),
            entry("gitlab/tag-push-hook.go-playground.json", published(commit(JSMITH, "refs/tags/v1.0.0", created(0)))),

            entry("bitbucket-cloud/repo-push-branch-create.go-scm.json", published(commit(BB_FOO, "refs/heads/develop",
                    c -> assertThat(c.created()).isTrue()))),
            entry("bitbucket-cloud/repo-push-branch-delete.go-scm.json", published(commit(BB_FOO, "refs/heads/develop",
                    c -> assertThat(c.deleted()).isTrue()))),
            entry("bitbucket-cloud/repo-push-branch-update.go-scm.json", published(commit(BB_FOO, "refs/heads/master",
                    c -> assertThat(c.commits()).hasSize(1)))),
            entry("bitbucket-cloud/repo-push-tag-create.go-scm.json", published(commit(BB_FOO, "refs/tags/feature/x",
                    c -> assertThat(c.created()).isTrue()))),

            entry("bitbucket-server/repo-refs-changed.argocd.json", published(commit(
                    "https://bitbucketserver/scm/myproject/test-repo", "refs/heads/master", c -> {
                        assertThat(c.before()).isEqualTo("f09c8889a2d234985734958795a31589cd91ffda");
                        assertThat(c.after()).isEqualTo("22671f0349857934857983457983475ec39f196b");
                    }))),
            entry("bitbucket-server/repo-refs-changed-branch-create.go-scm.json",
                    published(commit(BBS_BASE, "refs/heads/develop", c -> assertThat(c.created()).isTrue()))),
            entry("bitbucket-server/repo-refs-changed-branch-delete.go-scm.json",
                    published(commit(BBS_BASE, "refs/heads/develop", deleted()))),
            entry("bitbucket-server/repo-refs-changed-tag-delete.go-scm.json",
                    published(commit(BBS_BASE, "refs/tags/v1.1.0", deleted()))),
            entry("bitbucket-server/repo-refs-changed-update.go-scm.json",
                    published(commit(BBS_BASE, "refs/heads/master", c -> assertThat(c.deleted()).isFalse()))),

            entry("gitea/delete-branch.go-scm.json", published(commit("http://try.gitea.io/gogits/hello-world",
                    "refs/heads/feature", c -> assertThat(c.deleted()).isTrue()))),
            entry("gitea/push.gitea-docs.json", published(commit("http://localhost:3000/gitea/webhooks",
                    "refs/heads/develop", c -> assertThat(c.commits()).hasSize(1)))),
            entry("gitea/push.go-scm.json", published(commit("http://try.gitea.io/gogits/hello-world",
                    "refs/heads/master", updated(1)))),
            entry("gogs/push.argocd.json", published(commit("http://gogs-server/john/repo-test", "refs/heads/master",
                    created(1).andThen(c -> assertThat(c.commits().get(0).modified()).containsExactly("cm.yaml"))))),
            entry("gogs/push.go-scm.json", published(commit("http://try.gogs.io/gogits/hello-world", "refs/heads/master",
                    c -> assertThat(c.provider()).isEqualTo("gogs")))),

            entry("dockerhub/push.docker-docs.json", published(image("docker.io", "svendowideit/testhook", "latest", null))),
            entry("dockerhub/push-with-images.go-playground.json", published(image("docker.io", "svendowideit/testhook", "latest", null))),
            entry("harbor/push-artifact-default.harbor-docs.json", ignored()),
            entry("harbor/push-artifact-cloudevents.harbor-docs.json", ignored()),
            entry("harbor/push-image-legacy.harbor-docs-v1.10.json", published(image("harbor.example.com", "prj/repo1", "latest", null))),
            entry("quay/repo-push.quay-docs.json", published(image("quay.io", "dgangaia/test", "latest", null))),
            entry("quay/repo-push.keel.json", published(image("quay.io", "mynamespace/repository", "1.2.3", null))),
            entry("distribution/envelope-push-3-events.distribution-docs.json", ignored()),
            entry("distribution/envelope-push-3-events-v1-mediatype.distribution-docs-2023.json", ignored()),
            entry("ecr/eventbridge-image-action-push.aws-docs.json",
                    published(image("123456789012.dkr.ecr.us-west-2.amazonaws.com", "my-repository-name", "latest", null))),
            entry("azure-acr/push.acr-docs.json", published(image("myregistry.azurecr.io", "hello-world", "v1", null))),
            entry("azure-acr/chart-push.acr-docs.json", ignored()),
            entry("azure-acr/delete.acr-docs.json", ignored()),
            entry("google-artifact-registry/pubsub-message-data-insert.fluxcd-docs.json",
                    published(image("us-east1-docker.pkg.dev", "my-project/my-repo/hello-world", "1.1", null))));

    static Stream<String> fixtureFiles() throws IOException {
        Path root = SignedWebhooks.fixturesDir();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList()).stream();
        }
    }

    @BeforeAll
    static void openTails() {
        commits = TopicTail.fromNow(Topics.COMMITS);
        images = TopicTail.fromNow(Topics.IMAGES);
    }

    @AfterAll
    static void closeTails() {
        commits.close();
        images.close();
    }

    /** Keeps this run's real /q/metrics for deploy/'s check that dashboards and alerts use only existing metrics. */
    @AfterAll
    static void saveMetricsScrape() {
        dev.conveyor.testing.metrics.MetricsScrape.save(io.restassured.RestAssured.given()
                .port(dev.conveyor.testing.metrics.MetricsScrape.port()).get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void everyFixtureHasAnExpectation() throws IOException {
        assertThat(fixtureFiles().collect(Collectors.toList())).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureFiles")
    void fixtureLandsOnKafkaAsTheExpectedEvent(String fixture) throws Exception {
        Expected expected = EXPECTED.get(fixture);
        assertThat(expected).as("no expectation for new fixture %s: add one", fixture).isNotNull();
        SignedWebhooks.Webhook webhook = SignedWebhooks.forFixture(fixture);

        HttpResponse<String> response = webhook.send(base);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected.status());
        JsonNode body = JSON.readTree(response.body());
        if (expected.events().isEmpty()) {
            assertThat(body.path("reason").asText()).as("an ignored delivery says why").isNotBlank();
            assertThat(commits.drain(Duration.ofMillis(300))).isEmpty();
            assertThat(images.drain(Duration.ofMillis(1))).isEmpty();
            return;
        }
        String topic = body.path("events").path(0).path("topic").asText();
        assertThat(topic).isIn(Topics.COMMITS, Topics.IMAGES);
        TopicTail tail = topic.equals(Topics.COMMITS) ? commits : images;
        List<ReceivedEvent> received = tail.await(expected.events().size(), Duration.ofSeconds(20));
        List<String> acknowledgedIds = new ArrayList<>();
        body.path("events").forEach(e -> acknowledgedIds.add(e.path("id").asText()));
        for (int i = 0; i < received.size(); i++) {
            ReceivedEvent r = received.get(i);
            expected.events().get(i).accept(r.event());
            EventSchemas.assertConforms(r.event());
            // What the response acknowledged is exactly what is on the broker.
            assertThat(r.header("ce_id")).isEqualTo(acknowledgedIds.get(i));
            assertThat(r.header("ce_specversion")).isEqualTo("1.0");
            assertThat(r.header("ce_type")).isEqualTo(r.event().eventType().ceType());
            assertThat(r.header("ce_source")).isEqualTo("/conveyor/webhook-ingest/" + webhook.provider().id());
            assertThat(r.header("ce_subject")).isEqualTo(r.event().subject());
            assertThat(r.header("ce_time")).isNotBlank();
            assertThat(r.key()).isEqualTo(r.event().partitionKey());
        }
        if (webhook.provider().deliveryIdHeader().isPresent() && received.size() == 1) {
            assertThat(received.get(0).header("ce_id"))
                    .isEqualTo(webhook.provider().id() + ":" + webhook.headers().get(webhook.provider().deliveryIdHeader().get()));
        }
        assertThat(commits.drain(Duration.ofMillis(200))).as("nothing else published").isEmpty();
        assertThat(images.drain(Duration.ofMillis(1))).isEmpty();
    }
}
