package dev.conveyor.images.it;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.RefType;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.Topics;
import dev.conveyor.testing.kafka.EmbeddedKafka;
import dev.conveyor.testing.kafka.KafkaTestResource;
import dev.conveyor.testing.kafka.ReceivedEvent;
import dev.conveyor.testing.kafka.TestEvents;
import dev.conveyor.testing.kafka.TopicTail;
import dev.conveyor.testing.registry.ImagePusher;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.conveyor.images.it.ImageWatcherResources.control;
import static dev.conveyor.images.it.ImageWatcherResources.deploy;
import static dev.conveyor.images.it.ImageWatcherResources.registry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * The image-watcher in Quarkus against real parts: the Kafka test kit's broker, real registries (Debian's
 * docker-registry) with images pushed over the Registry API, real Git remotes; and, for the end-to-end case, the
 * packaged webhook-ingest as a separate process receiving the registry's own push notifications.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(ImageWatcherResources.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageWatcherIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static TopicTail images;
    static TopicTail commits;
    static ImagePusher pusher;

    @BeforeAll
    static void tails() {
        images = TopicTail.fromNow(Topics.IMAGES);
        commits = TopicTail.fromNow(Topics.COMMITS);
        pusher = new ImagePusher(registry.baseUri());
    }

    @AfterAll
    static void close() {
        images.close();
        commits.close();
    }

    /** Keeps this run's real /q/metrics for deploy/'s check that dashboards and alerts use only existing metrics. */
    @AfterAll
    static void saveMetricsScrape() {
        dev.conveyor.testing.metrics.MetricsScrape.save(io.restassured.RestAssured.given()
                .port(dev.conveyor.testing.metrics.MetricsScrape.port()).get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    static ImageTagged tagged(String host, String repository, String tag) {
        return new ImageTagged(host, repository, tag, null, null, "distribution", Instant.now());
    }

    static Predicate<ReceivedEvent> updated(String policy, String to) {
        return e -> e.event() instanceof ImageUpdated u && u.policy().equals(policy) && u.to().equals(to);
    }

    @Test
    @Order(1)
    void imageTaggedCommitsTheNewVersionIntoKustomizeKeepingEverythingElse() throws Exception {
        Instant t = Instant.parse("2026-11-30T08:00:00Z");
        String before = deploy.readRemote("main", "apps/payments/dev/kustomization.yaml");
        double triggers = metric("conveyor_images_triggers_total", "");
        // The version to choose first, then tags the policy must pass over (out of range, prerelease, ignored): the
        // interval scan may run between pushes and must never see a state in which another tag wins.
        ImagePusher.Pushed chosen = pusher.push("acme/payments", "1.4.1", t);
        pusher.push("acme/payments", "1.3.9", t);
        pusher.push("acme/payments", "1.4.0-rc.1", t);
        pusher.push("acme/payments", "2.0.0", t);
        pusher.push("acme/payments", "1.4.2-debug", t);

        TestEvents.publish("distribution:payments-1.4.1", tagged(registry.host(), "acme/payments", "1.4.1"));

        ImageUpdated update = images.awaitMatching(updated("payments", "1.4.1"), WAIT).event(ImageUpdated.class);
        assertThat(update.from()).isEqualTo("1.2.0");
        assertThat(update.digest()).isEqualTo(chosen.digest());
        assertThat(update.image()).isEqualTo(registry.host() + "/acme/payments");
        assertThat(update.repository()).isEqualTo(RepositoryUrls.canonical(deploy.url()));
        assertThat(update.path()).isEqualTo("apps/payments/dev/kustomization.yaml");
        assertThat(update.commit()).isEqualTo(deploy.remoteHead("main"));

        // Only the tag's value changed: comments, the other keys and their order are byte-for-byte as they were.
        assertThat(deploy.readRemote("main", "apps/payments/dev/kustomization.yaml"))
                .isEqualTo(before.replace("newTag: 1.2.0 # first release", "newTag: 1.4.1 # first release"));
        // The default message template names the version the file held and the digest.
        assertThat(deploy.remoteLog("main").get(0)).isEqualTo("image: payments " + registry.host() + "/acme/payments 1.2.0 → 1.4.1 ("
                + chosen.digest() + ")");

        CommitPushed own = commits.awaitMatching(e -> e.event() instanceof CommitPushed c && c.after().equals(update.commit()), WAIT)
                .event(CommitPushed.class);
        assertThat(own.provider()).isEqualTo("conveyor");
        awaitMetricAbove("conveyor_images_triggers_total", "", triggers + 1);
        assertThat(own.refName()).isEqualTo("main");
        assertThat(own.commits()).singleElement().satisfies(c ->
                assertThat(c.modified()).containsExactly("apps/payments/dev/kustomization.yaml"));
    }

    @Test
    @Order(2)
    void aRedeliveredTriggerMakesNoSecondCommit() throws Exception {
        String head = deploy.remoteHead("main");
        int commitsBefore = deploy.remoteLog("main").size();
        double unchanged = metric("conveyor_images_checks_total", "policy=\"payments\",result=\"unchanged\"");
        TestEvents.publish("distribution:payments-1.4.1", tagged(registry.host(), "acme/payments", "1.4.1"));
        TestEvents.publish("distribution:payments-1.4.1-again", tagged(registry.host(), "acme/payments", "1.4.1"));
        awaitMetricAbove("conveyor_images_checks_total", "policy=\"payments\",result=\"unchanged\"", unchanged + 1);
        assertThat(deploy.remoteLog("main")).hasSize(commitsBefore);
        assertThat(deploy.remoteHead("main")).isEqualTo(head);
    }

    @Test
    @Order(3)
    void helmValuesAndMarkerCommentsAreWrittenForTwoPoliciesOnOneImage() throws Exception {
        Instant t = Instant.parse("2026-11-30T08:00:00Z");
        pusher.push("acme/web", "0.9.1", t);
        ImagePusher.Pushed web = pusher.push("acme/web", "0.10.0", t);
        String valuesBefore = deploy.readRemote("main", "apps/web/values.yaml");
        String deploymentBefore = deploy.readRemote("main", "apps/web/deployment.yaml");

        TestEvents.publish("distribution:web-0.10.0", tagged(registry.host(), "acme/web", "0.10.0"));
        images.awaitEach(WAIT, updated("web-helm", "0.10.0"), updated("web-marker", "0.10.0"));

        assertThat(deploy.readRemote("main", "apps/web/values.yaml")).isEqualTo(valuesBefore
                .replace("tag: \"0.9.0\"", "tag: \"0.10.0\"")
                .replace("digest: \"\"", "digest: \"" + web.digest() + "\""));
        assertThat(deploy.readRemote("main", "apps/web/deployment.yaml")).isEqualTo(deploymentBefore
                .replace("/acme/web:0.9.0 #", "/acme/web:0.10.0 #"));
    }

    @Test
    @Order(4)
    void theIntervalScanFindsAVersionNoWebhookAnnounced() throws Exception {
        Instant t = Instant.parse("2026-11-30T08:00:00Z");
        pusher.push("acme/quiet", "41", t);
        pusher.push("acme/quiet", "42", t);
        pusher.push("acme/quiet", "7", t);
        // No ImageTagged at all: only the scan can find it.
        ImageUpdated update = images.awaitMatching(updated("quiet", "42"), WAIT).event(ImageUpdated.class);
        assertThat(deploy.readRemote("main", "apps/quiet/kustomization.yaml")).contains("newTag: \"42\" # first release");
        assertThat(update.commit()).isNotBlank();
        assertThat(metric("conveyor_images_scans_total", "")).isGreaterThan(0);
    }

    @Test
    @Order(5)
    void anInvalidPolicyIsReportedWithFileAndFieldAndTheOthersKeepWorking() throws Exception {
        String sha = control.commit("typo", Map.of("images/broken.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ImagePolicy
                metadata: {name: broken}
                spec:
                  image: example.com/acme/broken
                  strategy: {semver: {range: "not a range"}}
                  writeBack: {repoURL: file:///nowhere, branch: main, path: x.yaml, marker: {}}
                """));
        TestEvents.publish("control-push-" + sha, new CommitPushed(RepositoryUrls.canonical(control.url()), "refs/heads/main",
                RefType.BRANCH, "main", ImageWatcherResources.control.head(), sha, List.of(), null, "gitea", false, false,
                false, null));
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end && !sha.equals(RestAssured.get("/api/v1/image-policies").jsonPath().getString("revision"))) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        RestAssured.get("/api/v1/image-policies").then().statusCode(200)
                .body("revision", org.hamcrest.Matchers.equalTo(sha))
                .body("invalid.file", hasItem("images/broken.yaml"))
                .body("invalid.field", hasItem("spec.strategy.semver.range"))
                .body("policies.name", hasItems("payments", "web-helm", "web-marker", "edge", "quiet"));
        RestAssured.get("/api/v1/image-policies/payments").then().statusCode(200)
                .body("status.tag", org.hamcrest.Matchers.equalTo("1.4.1"));
        RestAssured.get("/api/v1/image-policies/nope").then().statusCode(404);
        assertThat(metric("conveyor_images_invalid_declarations", "")).isEqualTo(1.0);

        // The valid policies still act on a new tag — and, one trace per change, in the pushed image's trace. (Here,
        // not in the first test: payments is up to date now, so its next scan is an hour away and only the trigger
        // can make this update; earlier, a scan retrying the not-yet-pushed repository may find a tag first.)
        pusher.push("acme/payments", "1.4.2", Instant.parse("2026-11-30T09:00:00Z"));
        String pushTrace = "0af7651916cd43dd8448eb211c80319c";
        TestEvents.publish("distribution:payments-1.4.2", tagged(registry.host(), "acme/payments", "1.4.2"),
                "00-" + pushTrace + "-b7ad6b7169203331-01");
        ReceivedEvent updated = images.awaitMatching(updated("payments", "1.4.2"), WAIT);
        assertThat(updated.event(ImageUpdated.class).from()).isEqualTo("1.4.1");
        assertThat(updated.header("traceparent")).startsWith("00-" + pushTrace + "-");
        String commit = updated.event(ImageUpdated.class).commit();
        assertThat(commits.awaitMatching(e -> e.event() instanceof CommitPushed c && c.after().equals(commit), WAIT)
                .header("traceparent")).as("the announced commit").startsWith("00-" + pushTrace + "-");
    }

    @Test
    @Order(6)
    void aRegistryPushReachesGitThroughTheRegistryNotificationAndWebhookIngest() throws Exception {
        Path jar = Path.of("../webhook-ingest/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("webhook-ingest must be packaged first (the reactor builds it before this module)").isRegularFile();
        Path log = Files.createTempFile("webhook-ingest", ".log");
        // Configured through the environment, the way a deployment's Secret would be.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", EmbeddedKafka.bootstrapServers());
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(ImageWatcherResources.ingestPort));
        pb.environment().put("CONVEYOR_INGEST_RECEIVERS_DISTRIBUTION_SECRET", ImageWatcherResources.NOTIFY_TOKEN);
        Process ingest = pb.start();
        try {
            awaitReady(ingest, URI.create("http://127.0.0.1:" + ImageWatcherResources.ingestPort + "/q/health/ready"), log);

            ImagePusher edgePusher = new ImagePusher(ImageWatcherResources.notifyingRegistry.baseUri());
            ImagePusher.Pushed pushed = edgePusher.push("acme/edge", "1.1.0", Instant.parse("2026-11-30T10:00:00Z"));

            // The notification's ImageTagged and the update, in either order: the interval scan may find the tag first.
            List<ReceivedEvent> seen = images.awaitEach(WAIT,
                    e -> e.event() instanceof ImageTagged it && it.repository().equals("acme/edge") && it.tag().equals("1.1.0"),
                    updated("edge", "1.1.0"));
            ImageTagged tag = seen.get(0).event(ImageTagged.class);
            assertThat(tag.provider()).isEqualTo("distribution");
            assertThat(tag.registry()).isEqualTo(ImageWatcherResources.notifyingRegistry.host());
            assertThat(tag.digest()).isEqualTo(pushed.digest());
            ImageUpdated update = seen.get(1).event(ImageUpdated.class);
            assertThat(update.digest()).isEqualTo(pushed.digest());
            assertThat(deploy.readRemote("main", "apps/edge/kustomization.yaml")).contains("newTag: 1.1.0 # first release");
        } finally {
            ingest.destroy();
            if (!ingest.waitFor(15, TimeUnit.SECONDS)) ingest.destroyForcibly();
        }
    }

    private static void awaitReady(Process process, URI health, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < end) {
            assertThat(process.isAlive()).as("webhook-ingest exited; log: %s", Files.readString(log)).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("webhook-ingest not ready; log: " + Files.readString(log));
    }

    static double metric(String name, String labels) {
        String body = RestAssured.get("/q/metrics").asString();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) continue;
            String rest = line.substring(name.length());
            if (!rest.startsWith("{") && !rest.startsWith(" ")) continue;
            if (!labels.isEmpty() && !rest.contains(labels.split(",")[0])) continue;
            boolean all = true;
            for (String l : labels.split(",")) if (!l.isEmpty() && !rest.contains(l)) all = false;
            if (all) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    static void awaitMetricAbove(String name, String labels, double atLeast) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end && metric(name, labels) < atLeast) TimeUnit.MILLISECONDS.sleep(100);
        assertThat(metric(name, labels)).isGreaterThanOrEqualTo(atLeast);
    }
}
