package dev.conveyor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code apps}, {@code app}, {@code sync} against a real HTTP server answering like the syncer. */
class ApplicationCommandsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeApi syncer;
    private FakeApi promoter;
    private Cli cli;

    @BeforeEach
    void start() throws IOException {
        syncer = new FakeApi()
                .on("GET", "/api/v1/applications", 200, Fixtures.APPLICATIONS)
                .on("GET", "/api/v1/applications/shop", 200, Fixtures.APPLICATION_SHOP)
                .on("POST", "/api/v1/applications/shop/sync", 202, Fixtures.SYNC_ACCEPTED);
        promoter = new FakeApi();
        cli = Cli.against(syncer, promoter);
    }

    @AfterEach
    void stop() {
        syncer.close();
        promoter.close();
    }

    @Test
    void appsPrintsOneAlignedRowPerApplicationAndTheInvalidDeclarations() {
        Cli.Result r = cli.run("apps");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                NAME          SYNC                   HEALTH     REVISION   DESTINATION            LAST SYNC
                shop          SYNCED                 HEALTHY    9f2c4e1    in-cluster/shop        4m ago
                web-staging   OUT_OF_SYNC (paused)   DEGRADED   1b2c3d4    staging/shop-staging   3h ago
                billing       UNKNOWN                -          -          in-cluster             -

                Invalid declarations (skipped at c0ffee1):
                  apps/broken.yaml[0] Application 'broken': spec.source.targetRevison: unknown field
                """);
        FakeApi.Request request = syncer.last();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v1/applications");
        assertThat(request.query()).isNull();
        assertThat(request.authorization()).isEqualTo("Bearer " + Cli.TOKEN);
        assertThat(promoter.requests()).isEmpty();
    }

    @Test
    void appsWithoutApplicationsSaysSo() {
        syncer.on("GET", "/api/v1/applications", 200, "{\"applications\":[],\"invalid\":[],\"revision\":null}");

        assertThat(cli.run("apps").out()).isEqualTo("No applications.\n");
    }

    @Test
    void appsAsJsonPrintsTheServersDocumentPretty() throws IOException {
        Cli.Result r = cli.run("apps", "-o", "json");

        assertThat(r.exit()).isZero();
        assertThat(mapper.readTree(r.out())).isEqualTo(mapper.readTree(Fixtures.APPLICATIONS));
        assertThat(r.out()).startsWith("{\n  \"applications\": [\n    {\n      \"name\": \"shop\",");
    }

    @Test
    void appShowsTheApplicationAndEveryResourceWithItsHealth() {
        Cli.Result r = cli.run("app", "shop");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                Name:          shop
                Source:        https://git.example/acme/apps.git, path shop, at main
                Destination:   in-cluster/shop
                Sync:          SYNCED, automated
                Health:        PROGRESSING
                Revision:      9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345
                Last sync:     SUCCEEDED, 2026-11-30T11:55:00.123456Z (4m ago)

                KIND          NAMESPACE   NAME          HEALTH        MESSAGE
                ClusterRole   -           shop-reader   HEALTHY       -
                ConfigMap     shop        shop-config   HEALTHY       -
                Deployment    shop        shop          PROGRESSING   Waiting for rollout: 1 of 2 updated replicas are available
                Service       shop        shop          HEALTHY       -
                """);
        assertThat(syncer.last().path()).isEqualTo("/api/v1/applications/shop");
    }

    @Test
    void appAsJsonPrintsTheServersDocument() throws IOException {
        Cli.Result r = cli.run("app", "shop", "--output", "JSON");

        assertThat(r.exit()).isZero();
        assertThat(mapper.readTree(r.out())).isEqualTo(mapper.readTree(Fixtures.APPLICATION_SHOP));
    }

    @Test
    void syncPostsRevisionAndDryRunAsQueryParameters() {
        Cli.Result r = cli.run("sync", "shop", "--revision", "1b2c3d4", "--dry-run");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Dry-run sync of shop at 1b2c3d4 requested (request api:5b0c7a52-9d51-4f6e-a8c4-1f0e2d3c4b5a).\n");
        FakeApi.Request request = syncer.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/applications/shop/sync");
        assertThat(request.query()).isEqualTo("revision=1b2c3d4&dryRun=true");
        assertThat(request.authorization()).isEqualTo("Bearer " + Cli.TOKEN);
        assertThat(request.body()).isEmpty();
    }

    @Test
    void syncWithoutOptionsAsksForTheTargetRevisionForReal() {
        Cli.Result r = cli.run("sync", "shop");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Sync of shop requested (request api:5b0c7a52-9d51-4f6e-a8c4-1f0e2d3c4b5a).\n");
        assertThat(syncer.last().query()).isEqualTo("dryRun=false");
    }

    @Test
    void syncAsJsonPrintsTheServersAnswer() throws IOException {
        Cli.Result r = cli.run("sync", "shop", "-o", "json");

        assertThat(mapper.readTree(r.out())).isEqualTo(mapper.readTree(Fixtures.SYNC_ACCEPTED));
    }

    @Test
    void namesArePercentEncodedIntoOnePathSegment() {
        cli.run("app", "a b/c");

        assertThat(syncer.last().path()).isEqualTo("/api/v1/applications/a%20b%2Fc");
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommandToo() {
        Cli.Result r = Cli.withEnv(java.util.Map.of()).run("--syncer", syncer.url(), "--token", Cli.TOKEN, "-o", "json", "apps");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("\"web-staging\"");
        assertThat(syncer.last().authorization()).isEqualTo("Bearer " + Cli.TOKEN);
    }

    @Test
    void urlsAndTokenComeFromTheEnvironmentWhenNotGiven() {
        Cli.Result r = Cli.withEnv(java.util.Map.of("CONVEYOR_SYNCER_URL", syncer.url() + "/", "CONVEYOR_TOKEN", Cli.TOKEN))
                .run("apps");

        assertThat(r.exit()).isZero();
        assertThat(syncer.last().path()).isEqualTo("/api/v1/applications");
        assertThat(syncer.last().authorization()).isEqualTo("Bearer " + Cli.TOKEN);
    }

    @Test
    void withoutATokenNoAuthorizationHeaderIsSent() {
        Cli.Result r = Cli.withEnv(java.util.Map.of()).run("apps", "--syncer", syncer.url());

        assertThat(r.exit()).isZero();
        assertThat(syncer.last().authorization()).isNull();
    }
}
