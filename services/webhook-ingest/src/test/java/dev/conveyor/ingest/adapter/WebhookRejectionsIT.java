package dev.conveyor.ingest.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.events.Topics;
import dev.conveyor.ingest.SignedWebhooks;
import dev.conveyor.ingest.SignedWebhooks.Webhook;
import dev.conveyor.testing.kafka.KafkaTestResource;
import dev.conveyor.testing.kafka.ReceivedEvent;
import dev.conveyor.testing.kafka.TopicTail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear error and nothing is published for it; redeliveries are acknowledged and published once.
 * Real HTTP, real Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class WebhookRejectionsIT {

    private static final String PUSH = "github/push-branch-update.go-scm.json";
    private static TopicTail commits;
    private static TopicTail images;

    @TestHTTPResource("/")
    URI base;

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

    @AfterEach
    void drainWhatTheTestDidNotClaim() {
        commits.drain(Duration.ofMillis(1));
        images.drain(Duration.ofMillis(1));
    }

    private void assertNothingPublished() {
        assertThat(commits.drain(Duration.ofMillis(500))).isEmpty();
        assertThat(images.drain(Duration.ofMillis(1))).isEmpty();
    }

    private static void assertRejected(HttpResponse<String> response, int status, String reasonFragment) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"reason\"").contains(reasonFragment);
    }

    @Test
    void forgedSignatureIs401() {
        assertRejected(SignedWebhooks.forFixture(PUSH).signedWith("not-the-secret").send(base), 401, "invalid X-Hub-Signature-256");
        assertRejected(SignedWebhooks.forFixture("gitea/push.go-scm.json").signedWith("forged").send(base), 401, "X-Gitea-Signature");
        assertRejected(SignedWebhooks.forFixture("bitbucket-cloud/repo-push-branch-update.go-scm.json").signedWith("forged").send(base), 401, "X-Hub-Signature");
        assertRejected(SignedWebhooks.forFixture("gitlab/push-hook.go-scm.json").signedWith("wrong-token").send(base), 401, "X-Gitlab-Token");
        assertRejected(SignedWebhooks.forFixture("harbor/push-image-legacy.harbor-docs-v1.10.json").signedWith("Bearer nope").send(base), 401, "Authorization");
        assertRejected(SignedWebhooks.forFixture("dockerhub/push.docker-docs.json").signedWith("guessed-token").send(base), 401, "invalid token");
        assertNothingPublished();
    }

    @Test
    void missingSignatureIs401() {
        assertRejected(SignedWebhooks.forFixture(PUSH).withHeader("X-Hub-Signature-256", null).send(base), 401, "missing X-Hub-Signature-256");
        assertRejected(SignedWebhooks.forFixture("gitlab/push-hook.go-scm.json").withHeader("X-Gitlab-Token", null).send(base), 401, "missing X-Gitlab-Token");
        assertRejected(SignedWebhooks.forFixture("quay/repo-push.keel.json").withPath("/webhooks/quay").send(base), 401, "missing token");
        // GitHub's legacy SHA-1 header alone is not enough: we verify SHA-256 only, as GitHub recommends.
        Webhook sha1Only = SignedWebhooks.forFixture(PUSH).withHeader("X-Hub-Signature-256", null)
                .withHeader("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567");
        assertRejected(sha1Only.send(base), 401, "missing X-Hub-Signature-256");
        assertNothingPublished();
    }

    @Test
    void staleSignatureIs401() {
        Webhook original = SignedWebhooks.forFixture(PUSH);
        // A signature captured from an earlier delivery, replayed over a different body.
        byte[] altered = new String(original.body(), StandardCharsets.UTF_8)
                .replace("refs/heads/master", "refs/heads/evil").getBytes(StandardCharsets.UTF_8);
        assertRejected(original.withBody(altered).send(base), 401, "invalid X-Hub-Signature-256");
        // A signature made with a secret that has since been rotated out.
        assertRejected(original.signedWith("It's a Secret to Everybody (2025)").send(base), 401, "invalid");
        // A body truncated in transit no longer matches its signature.
        assertRejected(original.withBody(Arrays.copyOf(original.body(), original.body().length / 2)).send(base), 401, "invalid");
        assertNothingPublished();
    }

    @Test
    void malformedJsonIs400WithAReason() {
        Webhook webhook = SignedWebhooks.forFixture(PUSH)
                .withBody("{\"ref\": \"refs/heads/main\", ".getBytes(StandardCharsets.UTF_8)).signedWith(SignedWebhooks.SECRETS.get(
                        dev.conveyor.ingest.domain.Provider.GITHUB));
        assertRejected(webhook.send(base), 400, "not valid JSON");

        Webhook truncated = SignedWebhooks.forFixture("gitlab/push-hook.go-scm.json");
        truncated = truncated.withBody(Arrays.copyOf(truncated.body(), 200));
        assertRejected(truncated.send(base), 400, "not valid JSON");

        Webhook notAnObject = SignedWebhooks.forFixture("gitlab/push-hook.go-scm.json").withBody("[1,2]".getBytes(StandardCharsets.UTF_8));
        assertRejected(notAnObject.send(base), 400, "not a JSON object");

        Webhook empty = SignedWebhooks.forFixture("dockerhub/push.docker-docs.json").withBody(new byte[0]);
        assertRejected(empty.send(base), 400, "empty body");
        assertNothingPublished();
    }

    @Test
    void missingFieldsAndUnknownEventsAre400() {
        Webhook noRef = SignedWebhooks.forFixture(PUSH).withBody("{\"after\":\"abc\",\"repository\":{\"clone_url\":\"https://github.com/a/b.git\"}}".getBytes(StandardCharsets.UTF_8))
                .signedWith(SignedWebhooks.SECRETS.get(dev.conveyor.ingest.domain.Provider.GITHUB));
        HttpResponse<String> r = noRef.send(base);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("ref");

        assertRejected(SignedWebhooks.forFixture(PUSH).withHeader("X-GitHub-Event", "banana").send(base), 400, "banana");
        assertThat(SignedWebhooks.forFixture(PUSH).withHeader("X-GitHub-Event", null).send(base).statusCode()).isEqualTo(400);
        assertNothingPublished();
    }

    @Test
    void wrongContentTypeIs415() {
        assertRejected(SignedWebhooks.forFixture(PUSH).withHeader("Content-Type", "text/plain").send(base), 415, "text/plain");
        assertRejected(SignedWebhooks.forFixture("quay/repo-push.keel.json").withHeader("Content-Type", "application/xml").send(base), 415, "application/xml");
        assertNothingPublished();
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        // The test profile sets conveyor.ingest.max-body-size=64K.
        byte[] big = new byte[70 * 1024];
        Arrays.fill(big, (byte) ' ');
        byte[] fixture = SignedWebhooks.fixture(PUSH);
        System.arraycopy(fixture, 0, big, 0, fixture.length);
        Webhook oversized = SignedWebhooks.forFixture(PUSH).withBody(big)
                .signedWith(SignedWebhooks.SECRETS.get(dev.conveyor.ingest.domain.Provider.GITHUB));
        assertThat(oversized.send(base).statusCode()).isEqualTo(413);
        assertNothingPublished();
    }

    @Test
    void unknownProviderIs404() {
        assertRejected(SignedWebhooks.forFixture(PUSH).withPath("/webhooks/sourceforge").send(base), 404, "sourceforge");
        assertRejected(SignedWebhooks.forFixture(PUSH).withPath("/webhooks/github/some-token").send(base), 404, "no token");
    }

    @Test
    void redeliveryIsAcknowledgedButPublishedOnce() {
        Webhook webhook = SignedWebhooks.forFixture(PUSH);
        HttpResponse<String> first = webhook.send(base);
        HttpResponse<String> second = webhook.send(base);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("\"outcome\":\"duplicate\"");
        assertThat(commits.await(1, Duration.ofSeconds(20))).hasSize(1);
        assertNothingPublished();

        // A new delivery of the same content is a new fact with its own id.
        Webhook another = webhook.withHeader("X-GitHub-Delivery", UUID.randomUUID().toString());
        assertThat(another.send(base).statusCode()).isEqualTo(202);
        assertThat(commits.await(1, Duration.ofSeconds(20)).get(0).header("ce_id"))
                .isEqualTo("github:" + another.headers().get("X-GitHub-Delivery"));
    }

    @Test
    void redeliveryWithoutDeliveryIdIsRecognisedByContent() {
        // Docker Hub sends no delivery id: the id is a hash of provider and body, stable across redeliveries.
        Webhook webhook = SignedWebhooks.forFixture("dockerhub/push-with-images.go-playground.json");
        assertThat(webhook.send(base).statusCode()).isIn(200, 202);
        images.drain(Duration.ofMillis(500));
        HttpResponse<String> again = webhook.send(base);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        assertNothingPublished();
    }

    @Test
    void repositoryWithItsOwnSecretAcceptsOnlyThatSecret() {
        byte[] isolated = new String(SignedWebhooks.fixture(PUSH), StandardCharsets.UTF_8)
                .replace("Codertocat/Hello-World", "acme/isolated").getBytes(StandardCharsets.UTF_8);
        Webhook withDefaultSecret = SignedWebhooks.forFixture(PUSH).withBody(isolated)
                .signedWith(SignedWebhooks.SECRETS.get(dev.conveyor.ingest.domain.Provider.GITHUB));
        assertRejected(withDefaultSecret.send(base), 401, "https://github.com/acme/isolated");
        assertNothingPublished();

        HttpResponse<String> ok = withDefaultSecret.signedWith("isolated-repo-secret").send(base);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        assertThat(commits.await(1, Duration.ofSeconds(20)).get(0).event(CommitPushed.class).repository())
                .isEqualTo("https://github.com/acme/isolated");

        // ... and its secret does not sign for other repositories.
        assertRejected(SignedWebhooks.forFixture(PUSH).signedWith("isolated-repo-secret").send(base), 401, "Codertocat/Hello-World");
    }

    @Test
    void gitHubFormEncodedDeliveryIsAccepted() {
        String form = "payload=" + URLEncoder.encode(new String(SignedWebhooks.fixture(PUSH), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        Webhook webhook = SignedWebhooks.forFixture(PUSH).withBody(form.getBytes(StandardCharsets.UTF_8))
                .withHeader("Content-Type", "application/x-www-form-urlencoded")
                .signedWith(SignedWebhooks.SECRETS.get(dev.conveyor.ingest.domain.Provider.GITHUB));
        HttpResponse<String> r = webhook.send(base);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(commits.await(1, Duration.ofSeconds(20)).get(0).event(CommitPushed.class).ref()).isEqualTo("refs/heads/master");
    }

    @Test
    void distributionPushWithATagIsPublished() {
        // The CNCF distribution docs' example has no tagged manifest push; a real registry adds target.tag when a
        // manifest is pushed by tag. This body is the docs example with that one field added (MODIFIED for this test).
        String body = new String(SignedWebhooks.fixture("distribution/envelope-push-3-events.distribution-docs.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"repository\": \"library/test\",", "\"repository\": \"library/test\",\n        \"tag\": \"1.0.1\",");
        Webhook webhook = SignedWebhooks.forFixture("distribution/envelope-push-3-events.distribution-docs.json")
                .withBody(body.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = webhook.send(base);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        ReceivedEvent event = images.await(1, Duration.ofSeconds(20)).get(0);
        ImageTagged image = event.event(ImageTagged.class);
        assertThat(image.registry()).isEqualTo("registrycluster.local");
        assertThat(image.repository()).isEqualTo("library/test");
        assertThat(image.tag()).isEqualTo("1.0.1");
        assertThat(image.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(event.key()).isEqualTo("registrycluster.local/library/test");
        assertNothingPublished();
    }

    @Test
    void healthReportsKafkaAndReceiversAndMetricsCountOutcomes() throws Exception {
        SignedWebhooks.forFixture(PUSH).signedWith("forged").send(base);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"kafka\"").contains("webhook receivers").contains("\"github\": \"enabled\"");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("conveyor_ingest_requests_total\\{[^}]*outcome=\"unauthorized\"[^}]*provider=\"github\"");
        List<String> names = List.of("conveyor_ingest_publish_seconds", "conveyor_ingest_events_published_total");
        SignedWebhooks.forFixture(PUSH).send(base);
        String after = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(after).contains(names);
    }
}
