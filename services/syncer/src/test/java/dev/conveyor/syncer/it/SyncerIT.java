package dev.conveyor.syncer.it;

import dev.conveyor.testing.kube.RolloutSimulator;
import dev.conveyor.testing.git.GitFixture;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.DriftDetected;
import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.RefType;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.events.Topics;
import dev.conveyor.testing.auth.JwtTestResource;
import dev.conveyor.testing.auth.TestTokens;
import dev.conveyor.testing.kafka.EventSchemas;
import dev.conveyor.testing.kafka.KafkaTestResource;
import dev.conveyor.testing.kafka.ReceivedEvent;
import dev.conveyor.testing.kafka.TestEvents;
import dev.conveyor.testing.kafka.TopicTail;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syncer end to end: real Kafka (CommitPushed in, SyncCompleted / DriftDetected / HealthChanged out), real Git
 * (bare repositories with real commits), and the in-memory Kubernetes API server — the only stand-in — with a fake
 * Deployment controller reporting rollouts. The scenarios build on each other, in order, like a team's day.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(InMemoryKubernetesApi.class)
@WithTestResource(GitRepos.class)
@WithTestResource(StagingCluster.class)
@WithTestResource(JwtTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncerIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static TopicTail syncs;
    static RolloutSimulator controller;

    @TestHTTPResource("/")
    URI base;

    static String deployment(String name, String image, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels: {app: %s}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      containers:
                        - name: app
                          image: %s
                """.formatted(name, name, replicas, name, name, image);
    }

    static String configMap(String name, String value) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s}
                data: {greeting: "%s"}
                """.formatted(name, value);
    }

    static String application(String name, String path, String namespace, String extra) {
        return """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: %s, labels: {team: payments}}
                spec:
                  source: {repoURL: "%s", targetRevision: main, path: %s%s}
                  destination: {namespace: %s}
                  syncPolicy:
                    automated: {prune: true, selfHeal: true}
                    syncOptions: [CreateNamespace=true]
                """.formatted(name, GitRepos.apps().url(), path, extra, namespace);
    }

    static KubernetesClient kube() {
        return InMemoryKubernetesApi.client();
    }

    /** What webhook-ingest publishes for a push to {@code repo}. */
    static void pushed(GitFixture repo, String before, String after, List<String> paths) {
        pushed(repo, before, after, paths, null);
    }

    /** As {@link #pushed(GitFixture, String, String, List)}, published within the trace {@code traceparent}. */
    static void pushed(GitFixture repo, String before, String after, List<String> paths, String traceparent) {
        List<CommitPushed.Commit> commits = paths == null ? List.of()
                : List.of(new CommitPushed.Commit(after, "change", null, null, null, List.of(), paths, List.of()));
        CommitPushed push = new CommitPushed(RepositoryUrls.canonical(repo.url()), "refs/heads/main", RefType.BRANCH, "main",
                before, after, commits, null, "gitea", false, false, false, null);
        TestEvents.publish("gitea:" + after, push, traceparent);
    }

    static ReceivedEvent await(Predicate<ReceivedEvent> p) {
        ReceivedEvent e = syncs.awaitMatching(p, WAIT);
        EventSchemas.assertConforms(e.event());
        return e;
    }

    static Predicate<ReceivedEvent> completed(String app, String revision) {
        return e -> e.event() instanceof SyncCompleted s && s.application().equals(app)
                && (revision == null || revision.equals(s.revision()));
    }

    HttpResponse<String> http(String method, String path) throws Exception {
        return http(method, path, null);
    }

    /** {@code token}: a bearer token for the {@code Authorization} header, or null for none. */
    HttpResponse<String> http(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST by an operator (a member of the default operator group). */
    HttpResponse<String> operatorPost(String path) throws Exception {
        return http("POST", path, TestTokens.token(OPERATOR, "conveyor-operators"));
    }

    static final String OPERATOR = "ops-user";

    @BeforeAll
    static void start() {
        syncs = TopicTail.fromNow(Topics.SYNCS);
        controller = new RolloutSimulator(kube());
    }

    @AfterAll
    static void stop() {
        controller.close();
        syncs.close();
    }

    /** Keeps this run's real /q/metrics for deploy/'s check that dashboards and alerts use only existing metrics. */
    @AfterAll
    static void saveMetricsScrape() {
        dev.conveyor.testing.metrics.MetricsScrape.save(io.restassured.RestAssured.given()
                .port(dev.conveyor.testing.metrics.MetricsScrape.port()).get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    static String appsHead;

    @Test
    @Order(1)
    void firstSyncOfAPlainDirectoryApplication() {
        appsHead = GitRepos.apps().commit("shop manifests", Map.of(
                "shop/deployment.yaml", deployment("shop", "registry.local/shop:1.0.0", 2),
                "shop/config/configmap.yaml", configMap("shop-config", "hello")));
        String before = GitRepos.control().head();
        String control = GitRepos.control().commit("declare shop", Map.of("apps/shop.yaml", application("shop", "shop", "shop", "")));
        pushed(GitRepos.control(), before, control, List.of("apps/shop.yaml"));

        SyncCompleted sync = await(completed("shop", appsHead)).event(SyncCompleted.class);
        assertThat(sync.result()).as(sync.message()).isEqualTo(SyncCompleted.Result.SUCCEEDED);
        assertThat(sync.trigger()).isEqualTo(SyncRequested.Trigger.DECLARATION);
        assertThat(sync.created()).isEqualTo(3); // namespace, configmap, deployment
        assertThat(kube().namespaces().withName("shop").get()).isNotNull();
        Deployment d = kube().apps().deployments().inNamespace("shop").withName("shop").get();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.local/shop:1.0.0");
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "conveyor")
                .containsEntry("conveyor.dev/application", "shop");
        assertThat(d.getMetadata().getAnnotations()).containsKey("conveyor.dev/tracking-id");
        assertThat(kube().configMaps().inNamespace("shop").withName("shop-config").get().getData()).containsEntry("greeting", "hello");
    }

    @Test
    @Order(2)
    void aCommitThatChangesAnImageUpdatesExactlyThatDeployment() {
        String before = appsHead;
        appsHead = GitRepos.apps().commit("shop 1.1.0", Map.of("shop/deployment.yaml", deployment("shop", "registry.local/shop:1.1.0", 2)));
        String pushTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        pushed(GitRepos.apps(), before, appsHead, List.of("shop/deployment.yaml"), "00-" + pushTrace + "-00f067aa0ba902b7-01");

        ReceivedEvent completed = await(completed("shop", appsHead));
        // One trace per change: the push's trace went through the sync request to the result.
        assertThat(completed.header("traceparent")).startsWith("00-" + pushTrace + "-");
        SyncCompleted sync = completed.event(SyncCompleted.class);
        assertThat(sync.result()).as(sync.message()).isEqualTo(SyncCompleted.Result.SUCCEEDED);
        assertThat(sync.trigger()).isEqualTo(SyncRequested.Trigger.COMMIT);
        assertThat(sync.updated()).isEqualTo(1);
        assertThat(sync.resources()).extracting(SyncCompleted.ResourceChange::name).containsExactly("shop");
        assertThat(kube().apps().deployments().inNamespace("shop").withName("shop").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.local/shop:1.1.0");
    }

    @Test
    @Order(3)
    void aRedeliveredCommitIsNotAppliedTwice() {
        pushed(GitRepos.apps(), "0000000000000000000000000000000000000000", appsHead, List.of("shop/deployment.yaml"));
        List<ReceivedEvent> after = syncs.drain(Duration.ofSeconds(4));
        assertThat(after).noneMatch(completed("shop", null));
    }

    @Test
    @Order(4)
    void aCommitToAnotherPathSyncsNothing() {
        String before = appsHead;
        appsHead = GitRepos.apps().commit("docs", Map.of("docs/README.md", "unrelated\n"));
        pushed(GitRepos.apps(), before, appsHead, List.of("docs/README.md"));
        assertThat(syncs.drain(Duration.ofSeconds(3))).noneMatch(completed("shop", null));
    }

    @Test
    @Order(5)
    void aFileRemovedFromGitIsPruned() {
        String before = appsHead;
        Map<String, String> delete = new LinkedHashMap<>();
        delete.put("shop/config/configmap.yaml", null);
        appsHead = GitRepos.apps().commit("drop the config map", delete);
        pushed(GitRepos.apps(), before, appsHead, List.of("shop/config/configmap.yaml"));

        SyncCompleted sync = await(completed("shop", appsHead)).event(SyncCompleted.class);
        assertThat(sync.pruned()).as(sync.message()).isEqualTo(1);
        assertThat(kube().configMaps().inNamespace("shop").withName("shop-config").get()).isNull();
        assertThat(kube().apps().deployments().inNamespace("shop").withName("shop").get()).isNotNull();
    }

    @Test
    @Order(6)
    void aManualEditIsDriftAndIsSelfHealed() {
        kube().apps().deployments().inNamespace("shop").withName("shop").edit(d -> {
            d.getSpec().setReplicas(7);
            return d;
        });
        DriftDetected drift = await(e -> e.event() instanceof DriftDetected dd && dd.application().equals("shop"))
                .event(DriftDetected.class);
        assertThat(drift.selfHeal()).isTrue();
        assertThat(drift.resources()).extracting(DriftDetected.DriftedResource::name).containsExactly("shop");

        SyncCompleted heal = await(e -> e.event() instanceof SyncCompleted s && s.application().equals("shop")
                && s.trigger() == SyncRequested.Trigger.DRIFT).event(SyncCompleted.class);
        assertThat(heal.result()).isEqualTo(SyncCompleted.Result.SUCCEEDED);
        assertThat(kube().apps().deployments().inNamespace("shop").withName("shop").get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    @Order(7)
    void statusUpdatesByControllersAreNotDrift() {
        Deployment d = kube().apps().deployments().inNamespace("shop").withName("shop").get();
        d.getStatus().setReadyReplicas(2);
        d.getStatus().setUnavailableReplicas(0);
        kube().apps().deployments().inNamespace("shop").resource(d).updateStatus();
        assertThat(syncs.drain(Duration.ofSeconds(3))).noneMatch(e -> e.event() instanceof DriftDetected);
    }

    @Test
    @Order(8)
    void anInvalidDeclarationIsNamedAndSkippedWhileTheOthersKeepWorking() throws Exception {
        String before = GitRepos.control().head();
        String control = GitRepos.control().commit("add a broken app", Map.of("apps/broken.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: broken}
                spec:
                  source: {repoURL: "%s", path: shop, targetRevison: main}
                  destination: {namespace: broken}
                """.formatted(GitRepos.apps().url())));
        pushed(GitRepos.control(), before, control, List.of("apps/broken.yaml"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline && !body.contains("broken.yaml")) {
            body = http("GET", "/api/v1/applications").body();
            Thread.sleep(200);
        }
        assertThat(body).contains("apps/broken.yaml").contains("targetRevison").contains("\"shop\"");
        HttpResponse<String> shop = http("GET", "/api/v1/applications/shop");
        assertThat(shop.statusCode()).isEqualTo(200);
        assertThat(shop.body()).contains("\"syncStatus\":\"SYNCED\"");
    }

    @Test
    @Order(9)
    void aRenderErrorFailsTheSyncAndPrunesNothing() {
        String before = appsHead;
        appsHead = GitRepos.apps().commit("broken yaml", Map.of("shop/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n"));
        pushed(GitRepos.apps(), before, appsHead, List.of("shop/broken.yaml"));
        SyncCompleted sync = await(completed("shop", appsHead)).event(SyncCompleted.class);
        assertThat(sync.result()).isEqualTo(SyncCompleted.Result.FAILED);
        assertThat(sync.message()).contains("shop/broken.yaml");
        assertThat(sync.pruned()).isZero();
        assertThat(kube().apps().deployments().inNamespace("shop").withName("shop").get()).isNotNull();

        String fixedBefore = appsHead;
        Map<String, String> fix = new LinkedHashMap<>();
        fix.put("shop/broken.yaml", null);
        appsHead = GitRepos.apps().commit("fix", fix);
        pushed(GitRepos.apps(), fixedBefore, appsHead, List.of("shop/broken.yaml"));
        assertThat(await(completed("shop", appsHead)).event(SyncCompleted.class).result()).isEqualTo(SyncCompleted.Result.SUCCEEDED);
    }

    @Test
    @Order(10)
    void rollbackPausesAutoSyncUntilResumed() throws Exception {
        String good = appsHead;
        String before = appsHead;
        appsHead = GitRepos.apps().commit("shop 2.0.0", Map.of("shop/deployment.yaml", deployment("shop", "registry.local/shop:2.0.0", 2)));
        pushed(GitRepos.apps(), before, appsHead, List.of("shop/deployment.yaml"));
        await(completed("shop", appsHead));

        HttpResponse<String> rollback = operatorPost("/api/v1/applications/shop/rollback?revision=" + good);
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(202);
        SyncCompleted rolledBack = await(completed("shop", good)).event(SyncCompleted.class);
        assertThat(rolledBack.trigger()).isEqualTo(SyncRequested.Trigger.ROLLBACK);
        assertThat(image()).isEqualTo("registry.local/shop:1.1.0");
        assertThat(http("GET", "/api/v1/applications/shop").body()).contains("\"autoSyncPaused\":true");

        String newer = GitRepos.apps().commit("shop 2.0.1", Map.of("shop/deployment.yaml", deployment("shop", "registry.local/shop:2.0.1", 2)));
        pushed(GitRepos.apps(), appsHead, newer, List.of("shop/deployment.yaml"));
        appsHead = newer;
        assertThat(syncs.drain(Duration.ofSeconds(3))).noneMatch(completed("shop", newer));
        assertThat(image()).isEqualTo("registry.local/shop:1.1.0");

        assertThat(operatorPost("/api/v1/applications/shop/resume").statusCode()).isEqualTo(202);
        await(completed("shop", newer));
        assertThat(image()).isEqualTo("registry.local/shop:2.0.1");
        assertThat(http("GET", "/api/v1/applications/shop/history").body()).contains(good).contains(newer);
    }

    @Test
    @Order(11)
    void healthFollowsTheControllersStatus() {
        // A change synced within a known trace: health seen later, outside the sync, is reported in that trace.
        String before = appsHead;
        appsHead = GitRepos.apps().commit("shop 2.0.2", Map.of("shop/deployment.yaml", deployment("shop", "registry.local/shop:2.0.2", 2)));
        String changeTrace = "6e0c63257de34c92bf9efcd03927272e";
        pushed(GitRepos.apps(), before, appsHead, List.of("shop/deployment.yaml"), "00-" + changeTrace + "-b9c7c989f97918e1-01");
        await(completed("shop", appsHead));

        controller.hold("shop", "shop");
        Deployment d = kube().apps().deployments().inNamespace("shop").withName("shop").get();
        d.setStatus(new DeploymentStatusBuilder(d.getStatus()).withObservedGeneration(d.getMetadata().getGeneration())
                .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded").withMessage("ReplicaSet shop-7c9f has timed out progressing").build())
                .build());
        kube().apps().deployments().inNamespace("shop").resource(d).updateStatus();
        ReceivedEvent degraded = await(e -> e.event() instanceof HealthChanged h && h.application().equals("shop")
                && h.to() == SyncCompleted.Health.DEGRADED);
        assertThat(degraded.header("traceparent")).startsWith("00-" + changeTrace + "-");
        HealthChanged changed = degraded.event(HealthChanged.class);
        assertThat(changed.reasons()).anySatisfy(r -> assertThat(r.message()).contains("progress deadline").contains("timed out progressing"));
    }

    @Test
    @Order(12)
    void kustomizeAndHelmApplicationsSync() {
        String before = appsHead;
        appsHead = GitRepos.apps().commit("kustomize and helm", Map.of(
                "web/base/kustomization.yaml", "resources: [deployment.yaml]\n",
                "web/base/deployment.yaml", deployment("web", "registry.local/web:1.0.0", 1),
                "web/overlays/dev/kustomization.yaml", """
                        resources: [../../base]
                        namePrefix: dev-
                        images: [{name: registry.local/web, newTag: 1.2.0}]
                        """,
                "charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n",
                "charts/api/values.yaml", "replicaCount: 1\nimage: registry.local/api:1.0.0\n",
                "charts/api/templates/deployment.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata: {name: {{ .Release.Name }}-api}
                        spec:
                          replicas: {{ .Values.replicaCount }}
                          selector: {matchLabels: {app: api}}
                          template:
                            metadata: {labels: {app: api}}
                            spec: {containers: [{name: api, image: {{ .Values.image | quote }}}]}
                        """));
        String controlBefore = GitRepos.control().head();
        String control = GitRepos.control().commit("declare web and api", Map.of(
                "apps/web.yaml", application("web-dev", "web/overlays/dev", "web", ""),
                "apps/api.yaml", application("api", "charts/api", "api", ", helm: {parameters: [{name: replicaCount, value: \"3\"}]}")));
        pushed(GitRepos.control(), controlBefore, control, List.of("apps/web.yaml", "apps/api.yaml"));

        // The two applications sync independently (they may land on different partitions): wait for both.
        Map<String, SyncCompleted> done = new LinkedHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (done.size() < 2 && System.nanoTime() < deadline) {
            for (ReceivedEvent e : syncs.drain(Duration.ofMillis(500))) {
                if (completed("web-dev", appsHead).or(completed("api", appsHead)).test(e)) {
                    EventSchemas.assertConforms(e.event());
                    done.put(e.event(SyncCompleted.class).application(), e.event(SyncCompleted.class));
                }
            }
        }
        assertThat(done).containsOnlyKeys("web-dev", "api");
        SyncCompleted web = done.get("web-dev");
        assertThat(web.result()).as(web.message()).isEqualTo(SyncCompleted.Result.SUCCEEDED);
        assertThat(kube().apps().deployments().inNamespace("web").withName("dev-web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.local/web:1.2.0");
        SyncCompleted api = done.get("api");
        assertThat(api.result()).as(api.message()).isEqualTo(SyncCompleted.Result.SUCCEEDED);
        assertThat(kube().apps().deployments().inNamespace("api").withName("api-api").get().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    @Order(13)
    void metricsAndHealthAreExposed() throws Exception {
        String metrics = http("GET", "/q/metrics").body();
        assertThat(metrics).contains("conveyor_syncer_syncs_total", "conveyor_syncer_sync_duration_seconds",
                "conveyor_syncer_render_duration_seconds", "conveyor_syncer_git_fetch_duration_seconds",
                "conveyor_syncer_drift_events_total", "conveyor_syncer_invalid_declarations", "conveyor_syncer_applications{");
        assertThat(http("GET", "/q/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(14)
    void anApplicationGoesToTheClusterItsDestinationNames() {
        String controlBefore = GitRepos.control().head();
        String control = GitRepos.control().commit("shop in staging", Map.of("apps/shop-staging.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: shop-staging}
                spec:
                  source: {repoURL: "%s", targetRevision: main, path: shop}
                  destination: {cluster: staging, namespace: shop-staging}
                  syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
                """.formatted(GitRepos.apps().url())));
        pushed(GitRepos.control(), controlBefore, control, List.of("apps/shop-staging.yaml"));
        SyncCompleted sync = await(completed("shop-staging", null)).event(SyncCompleted.class);
        assertThat(sync.result()).as(sync.message()).isEqualTo(SyncCompleted.Result.SUCCEEDED);
        assertThat(sync.destination().cluster()).isEqualTo("staging");
        assertThat(StagingCluster.client().apps().deployments().inNamespace("shop-staging").withName("shop").get()).isNotNull();
        assertThat(kube().apps().deployments().inNamespace("shop-staging").withName("shop").get()).isNull();
    }

    @Test
    @Order(15)
    void stateChangingCallsNeedAnOperatorsToken() throws Exception {
        String sync = "/api/v1/applications/shop/sync";
        HttpResponse<String> none = http("POST", sync);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.body()).contains("\"error\"");

        for (String refused : List.of(
                TestTokens.tokenSignedByAnotherKey(OPERATOR, "conveyor-operators"),
                TestTokens.expiredToken(OPERATOR, "conveyor-operators"),
                TestTokens.tokenFromOtherIssuer(OPERATOR, "conveyor-operators"),
                "not-a-jwt")) {
            HttpResponse<String> r = http("POST", sync, refused);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(r.body()).contains("\"error\"");
        }

        HttpResponse<String> developer = http("POST", sync, TestTokens.token("dev-user", "developers"));
        assertThat(developer.statusCode()).as(developer.body()).isEqualTo(403);
        assertThat(developer.body()).isEqualTo("{\"error\":\"dev-user is not an operator of the syncer\"}");
        for (String action : List.of("rollback", "pause", "resume")) {
            assertThat(http("POST", "/api/v1/applications/shop/" + action).statusCode()).as(action).isEqualTo(401);
            assertThat(http("POST", "/api/v1/applications/shop/" + action, TestTokens.token("dev-user", "developers"))
                    .statusCode()).as(action).isEqualTo(403);
        }

        // Reads stay open without a token.
        assertThat(http("GET", "/api/v1/applications/shop").statusCode()).isEqualTo(200);
        assertThat(http("GET", "/api/v1/applications/shop/history").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(16)
    void anOperatorsActionsAreRecordedWithTheirName() throws Exception {
        HttpResponse<String> sync = operatorPost("/api/v1/applications/shop/sync?dryRun=true");
        assertThat(sync.statusCode()).as(sync.body()).isEqualTo(202);
        assertThat(sync.body()).contains("\"requestedBy\":\"api:" + OPERATOR + "\"");
        SyncCompleted dryRun = await(e -> e.event() instanceof SyncCompleted s && s.application().equals("shop")
                && s.trigger() == SyncRequested.Trigger.MANUAL).event(SyncCompleted.class);
        assertThat(dryRun.result()).isEqualTo(SyncCompleted.Result.DRY_RUN);

        // A user listed in conveyor.syncer.api.operators.users needs no group.
        HttpResponse<String> pause = http("POST", "/api/v1/applications/shop/pause", TestTokens.token("release-bot"));
        assertThat(pause.statusCode()).as(pause.body()).isEqualTo(200);
        assertThat(pause.body()).contains("\"pauseReason\":\"paused by release-bot through the API\"");
        HttpResponse<String> resume = http("POST", "/api/v1/applications/shop/resume", TestTokens.token("release-bot"));
        assertThat(resume.statusCode()).as(resume.body()).isEqualTo(202);
        assertThat(resume.body()).contains("\"requestedBy\":\"api:release-bot\"");
        await(e -> e.event() instanceof SyncCompleted s && s.application().equals("shop")
                && s.trigger() == SyncRequested.Trigger.MANUAL);
    }

    private static String image() {
        return kube().apps().deployments().inNamespace("shop").withName("shop").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @SuppressWarnings("unused")
    private static ConfigMap cm(String ns, String name) {
        return kube().configMaps().inNamespace(ns).withName(name).get();
    }
}
