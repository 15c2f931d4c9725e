package dev.conveyor.syncer.apply;

import dev.conveyor.events.SyncCompleted.Health;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.apply.SyncReport.Action;
import dev.conveyor.syncer.health.HealthAssessor;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.conveyor.syncer.apply.Manifests.app;
import static dev.conveyor.syncer.apply.Manifests.configMap;
import static dev.conveyor.syncer.apply.Manifests.policy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API errors and server-side apply, with fabric8's mock API server in expectations mode (the only stand-in for a
 * cluster, see {@link MockCluster}): it answers exactly what each test sets up, 404 for anything else.
 */
class SyncExecutorApiErrorTest {

    private final MockCluster cluster = MockCluster.expectations();
    private final HealthAssessor alwaysHealthy = live -> HealthAssessor.ResourceHealth.of(Health.HEALTHY, "");
    private final SyncExecutor executor = new SyncExecutor(cluster.client, alwaysHealthy, new FakeClock(),
            new SyncExecutor.Settings(Duration.ofSeconds(5), true, 4));

    @AfterEach
    void close() {
        cluster.close();
    }

    private SyncReport sync(Application app) {
        return executor.sync(SyncRequest.of(app, List.of(configMap("settings", "{a: '1'}")), "abc123", Inventory.EMPTY));
    }

    @Test
    void aRefusedCreateIsAFailedReportNamingTheObjectAndQuotingTheServer() {
        cluster.server.expect().post().withPath("/api/v1/namespaces/shop/configmaps").andReturn(422, new StatusBuilder()
                .withStatus("Failure").withCode(422).withReason("Invalid")
                .withMessage("ConfigMap \"settings\" is invalid: data[a]: Invalid value").build()).once();

        SyncReport report = sync(app("shop", "shop"));

        assertThat(report.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(report.message()).isEqualTo("wave 0: /ConfigMap/shop/settings: create failed: 422 Invalid: "
                + "ConfigMap \"settings\" is invalid: data[a]: Invalid value");
        assertThat(report.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.FAILED);
            assertThat(c.key().id()).isEqualTo("/ConfigMap/shop/settings");
        });
        assertThat(report.retryable()).isFalse();
        assertThat(report.inventory().encode()).containsExactly("v1/ConfigMap/shop/settings");
    }

    @Test
    void aServerErrorIsRetryable() {
        cluster.server.expect().post().withPath("/api/v1/namespaces/shop/configmaps").andReturn(503, new StatusBuilder()
                .withStatus("Failure").withCode(503).withReason("ServiceUnavailable").withMessage("etcd is unhappy")
                .build()).always();

        SyncReport report = sync(app("shop", "shop"));

        assertThat(report.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(report.message()).contains("/ConfigMap/shop/settings").contains("503 ServiceUnavailable: etcd is unhappy");
        assertThat(report.retryable()).isTrue();
    }

    @Test
    void aFailedReadIsAFailedReportToo() {
        cluster.server.expect().get().withPath("/api/v1/namespaces/shop/configmaps/settings").andReturn(403, new StatusBuilder()
                .withStatus("Failure").withCode(403).withReason("Forbidden")
                .withMessage("configmaps \"settings\" is forbidden: User \"syncer\" cannot get resource").build()).once();

        SyncReport report = sync(app("shop", "shop"));

        assertThat(report.result()).isEqualTo(SyncReport.Result.FAILED);
        assertThat(report.message()).startsWith("sync waves: /ConfigMap/shop/settings: read failed: 403 Forbidden: ");
    }

    @Test
    void serverSideApplyIsChosenBySyncOptionAndSendsAnApplyPatch() {
        cluster.server.expect().patch()
                .withPath("/api/v1/namespaces/shop/configmaps/settings?fieldManager=conveyor&force=true")
                .andReturn(200, configMap("settings", "{a: '1'}")).once();

        SyncReport report = sync(app("shop", "shop", policy(true, false, "ServerSideApply=true"), List.of()));

        assertThat(report.result()).isEqualTo(SyncReport.Result.SUCCEEDED);
        assertThat(report.changes()).singleElement().extracting(SyncReport.Change::action).isEqualTo(Action.CREATED);
        RecordedRequest patch = cluster.recorded().stream().filter(r -> r.getMethod().equals("PATCH")).findFirst()
                .orElseThrow();
        assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(Arrays.asList(URI.create(patch.getPath()).getQuery().split("&")))
                .containsExactlyInAnyOrder("fieldManager=conveyor", "force=true");
        assertThat(Trees.parseObject(patch.getUtf8Body()).at("/metadata/annotations")
                .path("conveyor.dev/tracking-id").asText()).isEqualTo("shop:/ConfigMap:shop/settings");
    }
}
