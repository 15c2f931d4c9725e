package dev.conveyor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pipelines [NAME]} against a real HTTP server answering like the promoter. */
class PipelineCommandsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeApi syncer;
    private FakeApi promoter;
    private Cli cli;

    @BeforeEach
    void start() throws IOException {
        syncer = new FakeApi();
        promoter = new FakeApi()
                .on("GET", "/api/v1/pipelines", 200, Fixtures.PIPELINES)
                .on("GET", "/api/v1/pipelines/payments", 200, Fixtures.PIPELINE_PAYMENTS);
        cli = Cli.against(syncer, promoter);
    }

    @AfterEach
    void stop() {
        syncer.close();
        promoter.close();
    }

    @Test
    void pipelinesPrintsATablePerPipeline() {
        Cli.Result r = cli.run("pipelines");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                Pipeline payments (registry.example/acme/payments, registry.example/acme/payments-worker)
                STAGE     FREIGHT     IMAGES                                  STATUS     WAITING FOR                                          HOLD
                dev       f-77aa01b   payments:1.5.0, payments-worker:1.5.0   SOAKING    -                                                    -
                staging   f-3a9c1e7   payments:1.4.1, payments-worker:1.4.1   VERIFIED   f-77aa01b: SOAK: in dev for 20m more                 -
                prod      f-0b1d2e3   payments:1.3.9, payments-worker:1.3.9   VERIFIED   f-3a9c1e7: APPROVAL 1/2 (alice); HOLD: held by bob   bob (1h ago)

                Pipeline notifications (registry.example/acme/notifications)
                STAGE   FREIGHT   IMAGES   STATUS   WAITING FOR   HOLD
                dev     -         -        EMPTY    -             -
                """);
        FakeApi.Request request = promoter.last();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/pipelines");
        assertThat(request.authorization()).isEqualTo("Bearer " + Cli.TOKEN);
        assertThat(syncer.requests()).isEmpty();
    }

    @Test
    void onePipelineAddsItsFreightNewestFirstWithFullIds() {
        Cli.Result r = cli.run("pipelines", "payments");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                Pipeline payments (registry.example/acme/payments, registry.example/acme/payments-worker)
                STAGE     FREIGHT     IMAGES                                  STATUS     WAITING FOR                                          HOLD
                dev       f-77aa01b   payments:1.5.0, payments-worker:1.5.0   SOAKING    -                                                    -
                staging   f-3a9c1e7   payments:1.4.1, payments-worker:1.4.1   VERIFIED   f-77aa01b: SOAK: in dev for 20m more                 -
                prod      f-0b1d2e3   payments:1.3.9, payments-worker:1.3.9   VERIFIED   f-3a9c1e7: APPROVAL 1/2 (alice); HOLD: held by bob   bob (1h ago)

                FREIGHT          IMAGES                                  CREATED   IN STAGES
                f-77aa01bc9d3e   payments:1.5.0, payments-worker:1.5.0   1h ago    dev
                f-3a9c1e0055ff   payments:1.4.1-rc.1                     2h ago    -
                f-3a9c1e7b2d40   payments:1.4.1, payments-worker:1.4.1   2h ago    staging
                f-0b1d2e3f4a5b   payments:1.3.9, payments-worker:1.3.9   1d ago    prod
                """);
        assertThat(promoter.last().path()).isEqualTo("/api/v1/pipelines/payments");
    }

    @Test
    void pipelinesAsJsonPrintsTheServersDocument() throws IOException {
        Cli.Result all = cli.run("pipelines", "-o", "json");
        Cli.Result one = cli.run("pipelines", "payments", "-o", "json");

        assertThat(mapper.readTree(all.out())).isEqualTo(mapper.readTree(Fixtures.PIPELINES));
        assertThat(mapper.readTree(one.out())).isEqualTo(mapper.readTree(Fixtures.PIPELINE_PAYMENTS));
    }

    @Test
    void invalidPipelineDeclarationsAreListedUnderTheTables() {
        promoter.on("GET", "/api/v1/pipelines", 200, """
                {"pipelines":[],"invalid":["pipelines/orders.yaml[0] Pipeline 'orders': spec.stages[1].gates.approvals.required: must be at least 1"],
                 "revision":"c0ffee1234567890abcdef1234567890abcdef12"}
                """);

        assertThat(cli.run("pipelines").out()).isEqualTo("""
                No pipelines.

                Invalid declarations (skipped at c0ffee1):
                  pipelines/orders.yaml[0] Pipeline 'orders': spec.stages[1].gates.approvals.required: must be at least 1
                """);
    }

    @Test
    void noPipelinesSaysSo() {
        promoter.on("GET", "/api/v1/pipelines", 200, "{\"pipelines\":[]}");

        assertThat(cli.run("pipelines").out()).isEqualTo("No pipelines.\n");
    }

    @Test
    void anApprovalGateWithoutApprovalsShowsTheCountOnly() {
        promoter.on("GET", "/api/v1/pipelines", 200, """
                {"pipelines":[{"name":"p","images":[],"stages":[{"name":"prod","application":"p-prod",
                  "freight":{"id":"f-0123456789ab","images":[{"image":"web","tag":null,"digest":"sha256:0123456789abcdef0123"}],"createdAt":null},
                  "status":"PROMOTING","promotion":null,
                  "pending":{"freight":null,"gates":[{"gate":"APPROVAL","message":"0 of 1 approvals","approvals":[],"required":1},
                                                   {"gate":"FREEZE","message":null}]},
                  "hold":{"freight":"f-0123456789ab","by":null,"at":null}}]}]}
                """);

        assertThat(cli.run("pipelines").out()).isEqualTo("""
                Pipeline p
                STAGE   FREIGHT     IMAGES                    STATUS      WAITING FOR            HOLD
                prod    f-0123456   web@sha256:0123456789ab   PROMOTING   APPROVAL 0/1; FREEZE   held
                """);
    }
}
