package dev.conveyor.promoter.it;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.PromotionBlocked;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.events.Topics;
import dev.conveyor.testing.auth.JwtTestResource;
import dev.conveyor.testing.auth.TestTokens;
import dev.conveyor.testing.kafka.KafkaTestResource;
import dev.conveyor.testing.kafka.ReceivedEvent;
import dev.conveyor.testing.kafka.TestEvents;
import dev.conveyor.testing.kafka.TopicTail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.conveyor.promoter.it.PromoterResources.IMAGE;
import static dev.conveyor.promoter.it.PromoterResources.deploy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * The promoter in Quarkus with a real Kafka broker and real Git. The syncer's side is played by the test: it
 * publishes {@code SyncCompleted} and {@code HealthChanged} exactly as the syncer does (same record, topic, key), for
 * the commits the promoter pushed — so each scenario controls health without a cluster. Tokens are real JWTs verified
 * by SmallRye JWT.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(JwtTestResource.class)
@WithTestResource(PromoterResources.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PromoterIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static TopicTail promotions;
    static TopicTail commits;
    static String freight;

    @BeforeAll
    static void tail() {
        promotions = TopicTail.fromNow(Topics.PROMOTIONS);
        commits = TopicTail.fromNow(Topics.COMMITS);
    }

    @AfterAll
    static void close() {
        promotions.close();
        commits.close();
    }

    /** Keeps this run's real /q/metrics for deploy/'s check that dashboards and alerts use only existing metrics. */
    @AfterAll
    static void saveMetricsScrape() {
        dev.conveyor.testing.metrics.MetricsScrape.save(io.restassured.RestAssured.given()
                .port(dev.conveyor.testing.metrics.MetricsScrape.port()).get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    static <T> Predicate<ReceivedEvent> is(Class<T> type, String stage) {
        return e -> type.isInstance(e.event()) && ((dev.conveyor.events.PromotionEvent) e.event()).stage().equals(stage)
                && ((dev.conveyor.events.PromotionEvent) e.event()).pipeline().equals("payments");
    }

    static void syncer(String application, String revision, SyncCompleted.Health health, SyncCompleted.Result result) {
        TestEvents.publish("sync-" + UUID.randomUUID(), new SyncCompleted(application, RepositoryUrls.canonical(deploy.url()),
                "apps", revision, result, health, SyncCompleted.SyncStatus.SYNCED, 0, 1, 0, 3, List.of(),
                SyncRequested.Trigger.COMMIT, health == SyncCompleted.Health.DEGRADED ? "Deployment payments: ProgressDeadlineExceeded" : "ok",
                Instant.now(), 120, new SyncCompleted.Destination("in-cluster", application)));
    }

    /** The syncer's HealthChanged of an application (aggregated health, with the resource to blame when not healthy). */
    static void healthChanged(String application, String revision, SyncCompleted.Health from, SyncCompleted.Health to) {
        List<HealthChanged.ResourceHealth> reasons = to == SyncCompleted.Health.HEALTHY ? List.of()
                : List.of(new HealthChanged.ResourceHealth("Deployment", application, "payments", to, "CrashLoopBackOff"));
        TestEvents.publish("health-" + UUID.randomUUID(), new HealthChanged(application, revision, from, to, reasons));
    }

    /** The image-watcher's part: a commit into dev, then its ImageUpdated. */
    static ImageUpdated lastImageUpdate;

    static String imageWatcherWrites(String tag) {
        String sha = deploy.commit("image: payments " + tag, Map.of("apps/payments/dev/kustomization.yaml",
                PromoterResources.kustomization(IMAGE, "acme/payments", tag)));
        lastImageUpdate = new ImageUpdated("payments", IMAGE, "1.0.0", tag, null,
                RepositoryUrls.canonical(deploy.url()), "main", "apps/payments/dev/kustomization.yaml", sha);
        TestEvents.publish("image-updated-" + sha, lastImageUpdate);
        return sha;
    }

    @Test
    @Order(1)
    void freightMovesFromDevToStagingAfterHealthyAndSoakThenWaitsForApprovals() {
        String devCommit = imageWatcherWrites("1.4.1");
        FreightCreated created = promotions.awaitMatching(e -> e.event() instanceof FreightCreated f
                && f.pipeline().equals("payments"), WAIT).event(FreightCreated.class);
        freight = created.freight();
        assertThat(promotions.awaitMatching(is(PromotionStarted.class, "dev"), WAIT).event(PromotionStarted.class).commit())
                .isEqualTo(devCommit);

        syncer("payments-dev", devCommit, SyncCompleted.Health.HEALTHY, SyncCompleted.Result.SUCCEEDED);
        List<ReceivedEvent> soak = promotions.awaitEach(WAIT, is(PromotionSucceeded.class, "dev"), is(PromotionBlocked.class, "staging"));
        assertThat(soak.get(1).event(PromotionBlocked.class).gate()).isEqualTo(PromotionBlocked.Gate.SOAK);
        PromotionStarted staging = promotions.awaitMatching(is(PromotionStarted.class, "staging"), WAIT).event(PromotionStarted.class);
        assertThat(staging.freight()).isEqualTo(freight);
        assertThat(deploy.remoteHead("main")).isEqualTo(staging.commit());
        assertThat(deploy.readRemote("main", "apps/payments/staging/kustomization.yaml"))
                .isEqualTo(PromoterResources.kustomization(IMAGE, "acme/payments", "1.4.1"));
        assertThat(deploy.remoteLog("main").get(0)).startsWith("promote payments " + freight + " to staging")
                .contains("Freight: " + freight);
        // The commit is announced, so the syncer syncs staging without waiting for a Git host's webhook.
        assertThat(commits.awaitMatching(e -> e.event() instanceof dev.conveyor.events.CommitPushed c
                && c.after().equals(staging.commit()), WAIT).event(dev.conveyor.events.CommitPushed.class).provider())
                .isEqualTo("conveyor");

        syncer("payments-staging", staging.commit(), SyncCompleted.Health.HEALTHY, SyncCompleted.Result.SUCCEEDED);
        promotions.awaitMatching(is(PromotionSucceeded.class, "staging"), WAIT);
        PromotionBlocked prod = promotions.awaitMatching(is(PromotionBlocked.class, "prod"), WAIT).event(PromotionBlocked.class);
        assertThat(prod.gate()).isEqualTo(PromotionBlocked.Gate.APPROVAL);
        assertThat(prod.required()).isEqualTo(2);

        RestAssured.get("/api/v1/pipelines").then().statusCode(200)
                .body("pipelines.find { it.name == 'payments' }.stages[1].freight.id", equalTo(freight))
                .body("pipelines.find { it.name == 'payments' }.stages[2].pending.gates[0].gate", equalTo("APPROVAL"));
    }

    @Test
    @Order(2)
    void approvalsNeedAValidTokenFromTheAllowedGroupAndTwoPromoteToProd() {
        String path = "/api/v1/pipelines/payments/stages/prod/approvals";
        Map<String, String> body = Map.of("freight", freight.substring(0, 10));
        RestAssured.given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).body(body)
                .header("Authorization", "Bearer " + TestTokens.tokenSignedByAnotherKey("alice", "payments-leads"))
                .post(path).then().statusCode(401);
        RestAssured.given().contentType(ContentType.JSON).body(body)
                .header("Authorization", TestTokens.bearer("mallory", "interns"))
                .post(path).then().statusCode(403).body("error", containsString("mallory may not approve"));

        RestAssured.given().contentType(ContentType.JSON).body(body)
                .header("Authorization", TestTokens.bearer("alice", "payments-leads"))
                .post(path).then().statusCode(202).body("freight", equalTo(freight)).body("by", equalTo("alice"))
                .body("waitingFor", containsString("1 of 2 approvals"));
        RestAssured.given().contentType(ContentType.JSON).body(body)
                .header("Authorization", TestTokens.bearer("bob", "payments-leads", "developers"))
                .post(path).then().statusCode(202);

        PromotionStarted prod = promotions.awaitMatching(is(PromotionStarted.class, "prod"), WAIT).event(PromotionStarted.class);
        assertThat(prod.approvers()).containsExactly("alice", "bob");
        assertThat(deploy.readRemote("main", "apps/payments/prod/kustomization.yaml")).contains("newTag: 1.4.1");
        assertThat(deploy.remoteLog("main").get(0)).contains("Approved-by: alice, bob");
        syncer("payments-prod", prod.commit(), SyncCompleted.Health.HEALTHY, SyncCompleted.Result.SUCCEEDED);
        promotions.awaitMatching(is(PromotionSucceeded.class, "prod"), WAIT);
    }

    @Test
    @Order(3)
    void aDegradedStageFailsThePromotionAndItGoesNoFurther() {
        String devCommit = imageWatcherWrites("1.5.0");
        promotions.awaitMatching(is(PromotionStarted.class, "dev"), WAIT);
        syncer("payments-dev", devCommit, SyncCompleted.Health.HEALTHY, SyncCompleted.Result.SUCCEEDED);
        PromotionStarted staging = promotions.awaitMatching(is(PromotionStarted.class, "staging"), WAIT).event(PromotionStarted.class);
        syncer("payments-staging", staging.commit(), SyncCompleted.Health.DEGRADED, SyncCompleted.Result.SUCCEEDED);
        PromotionFailed failed = promotions.awaitMatching(is(PromotionFailed.class, "staging"), WAIT).event(PromotionFailed.class);
        assertThat(failed.reason()).contains("DEGRADED").contains("ProgressDeadlineExceeded");
        RestAssured.get("/api/v1/pipelines/payments").then().statusCode(200)
                .body("stages[1].status", equalTo("FAILED"))
                .body("stages[2].freight.id", equalTo(freight))
                .body("freight.size()", equalTo(2));
    }

    @Test
    @Order(4)
    void rollbackAndReleaseNeedAnApproverAndAKnownTarget() {
        String path = "/api/v1/pipelines/payments/stages/prod/rollback";
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("freight", freight))
                .header("Authorization", TestTokens.bearer("mallory", "interns"))
                .post(path).then().statusCode(403);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("freight", freight))
                .header("Authorization", TestTokens.bearer("alice", "payments-leads"))
                .post(path).then().statusCode(409).body("error", containsString("runs now"));
        RestAssured.given().header("Authorization", TestTokens.bearer("alice", "payments-leads"))
                .delete("/api/v1/pipelines/payments/stages/prod/hold").then().statusCode(409);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("freight", "f-ffffffffffff"))
                .header("Authorization", TestTokens.bearer("alice", "payments-leads"))
                .post(path).then().statusCode(404);
        RestAssured.given().contentType(ContentType.JSON).body("{}")
                .header("Authorization", TestTokens.bearer("alice", "payments-leads"))
                .post(path).then().statusCode(400);
    }

    @Test
    @Order(5)
    void aPromotionInFlightBeforeARestartCompletesWithoutASecondCommit() {
        String head = deploy.remoteHead("main");
        int commits = deploy.remoteLog("main").size();
        syncer("legacy-staging", PromoterResources.legacyStagingCommit, SyncCompleted.Health.HEALTHY, SyncCompleted.Result.SUCCEEDED);
        PromotionSucceeded ok = promotions.awaitMatching(e -> e.event() instanceof PromotionSucceeded s
                && s.pipeline().equals("legacy") && s.stage().equals("staging"), WAIT).event(PromotionSucceeded.class);
        assertThat(ok.freight()).isEqualTo(PromoterResources.legacyFreight);
        assertThat(ok.commit()).isEqualTo(PromoterResources.legacyStagingCommit);
        // prod of legacy is manual: it waits instead of writing.
        PromotionBlocked manual = promotions.awaitMatching(e -> e.event() instanceof PromotionBlocked b
                && b.pipeline().equals("legacy") && b.stage().equals("prod"), WAIT).event(PromotionBlocked.class);
        assertThat(manual.gate()).isEqualTo(PromotionBlocked.Gate.MANUAL);
        assertThat(deploy.remoteHead("main")).isEqualTo(head);
        assertThat(deploy.remoteLog("main")).hasSize(commits);
    }

    @Test
    @Order(6)
    void redeliveredImageUpdatesAndSyncsChangeNothing() {
        String head = deploy.remoteHead("main");
        // The same facts again (Kafka redelivers after a crash): the last image update and prod's healthy sync.
        TestEvents.publish("image-updated-" + lastImageUpdate.commit(), lastImageUpdate);
        syncer("payments-prod", head, SyncCompleted.Health.HEALTHY, SyncCompleted.Result.SUCCEEDED);
        List<ReceivedEvent> after = promotions.drain(Duration.ofSeconds(3));
        assertThat(after).noneMatch(e -> e.event() instanceof PromotionStarted || e.event() instanceof FreightCreated);
        assertThat(deploy.remoteHead("main")).isEqualTo(head);
        // DORA from the same events: three deployments of payments (dev, staging, prod), one failed change in staging.
        RestAssured.get("/api/v1/dora?window=P1D").then().statusCode(200)
                .body("stages.find { it.pipeline == 'payments' && it.stage == 'prod' }.deployments", equalTo(1))
                .body("stages.find { it.pipeline == 'payments' && it.stage == 'staging' }.failures", equalTo(1))
                .body("stages.find { it.pipeline == 'payments' && it.stage == 'staging' }.changeFailureRate", equalTo(0.5f));
        RestAssured.get("/api/v1/dora?window=yesterday").then().statusCode(400);
        RestAssured.get("/q/metrics").then().statusCode(200)
                .body(containsString("conveyor_promoter_deployments_total"))
                .body(containsString("conveyor_promoter_change_failures_total"))
                .body(containsString("conveyor_promoter_promotions_total"))
                .body(containsString("conveyor_promoter_lead_time_seconds"))
                .body(containsString("conveyor_promoter_pending_approvals"));
    }

    @Test
    @Order(7)
    void prodDegradedThenHealthyAgainIsATimeToRestore() throws InterruptedException {
        String prod = "stages.find { it.pipeline == 'payments' && it.stage == 'prod' }";
        String head = deploy.remoteHead("main");
        RestAssured.get("/api/v1/dora?window=P1D").then().statusCode(200).body(prod + ".restores", equalTo(0));

        // prod runs 1.4.1, no promotion in flight; the syncer reports its health HEALTHY → DEGRADED, then back.
        Instant degraded = Instant.now();
        healthChanged("payments-prod", head, SyncCompleted.Health.HEALTHY, SyncCompleted.Health.DEGRADED);
        Thread.sleep(1500);
        healthChanged("payments-prod", head, SyncCompleted.Health.DEGRADED, SyncCompleted.Health.HEALTHY);

        // The API counts the restore once the promoter has handled both; it took at most as long as this test waited.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (RestAssured.get("/api/v1/dora?window=P1D").then().statusCode(200).extract().<Integer>path(prod + ".restores") == 0) {
            assertThat(System.nanoTime()).as("a restore of payments-prod in /api/v1/dora within " + WAIT).isLessThan(deadline);
            Thread.sleep(200);
        }
        float upperBound = Duration.between(degraded, Instant.now()).toMillis() / 1000f;
        float restore = RestAssured.get("/api/v1/dora?window=P1D").then().statusCode(200)
                .body(prod + ".restores", equalTo(1))
                .body(prod + ".timeToRestoreMedianSeconds", greaterThan(0f))
                .body(prod + ".timeToRestoreMedianSeconds", lessThanOrEqualTo(upperBound))
                .extract().path(prod + ".timeToRestoreMedianSeconds");
        // Health alone starts or fails no promotion: none was in flight.
        assertThat(promotions.drain(Duration.ofSeconds(2))).noneMatch(e -> e.event() instanceof dev.conveyor.events.PromotionEvent pe
                && pe.pipeline().equals("payments"));

        // The metric has the same restore, by application (and so has the scrape saved after the last test).
        String scrape = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(scrape).contains("conveyor_promoter_time_to_restore_seconds_count{application=\"payments-prod\"} 1.0")
                .contains("conveyor_promoter_time_to_restore_seconds_bucket{application=\"payments-prod\",le=\"+Inf\"} 1.0");
        assertThat(sample(scrape, "conveyor_promoter_time_to_restore_seconds_sum{application=\"payments-prod\"}"))
                .isCloseTo(restore, org.assertj.core.data.Offset.offset(0.01));
        // Lead-time buckets reach a month (Micrometer's default timer histogram ends at 30 s); prod's one is in them.
        assertThat(sample(scrape, "conveyor_promoter_lead_time_seconds_bucket{pipeline=\"payments\",stage=\"prod\",le=\"2592000.0\"}"))
                .isEqualTo(1.0);
    }

    /** The value of one series in a Prometheus text scrape (an exemplar may follow it: {@code value # {trace...}}). */
    static double sample(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).split(" ")[0]))
                .findFirst().orElseThrow(() -> new AssertionError(series + " is not in /q/metrics"));
    }
}
