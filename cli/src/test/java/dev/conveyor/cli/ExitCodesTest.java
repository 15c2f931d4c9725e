package dev.conveyor.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every HTTP failure maps to its exit code and one readable line; the token never shows, whatever happens. */
class ExitCodesTest {

    private FakeApi syncer;
    private FakeApi promoter;
    private Cli cli;

    @BeforeEach
    void start() throws IOException {
        syncer = new FakeApi();
        promoter = new FakeApi();
        cli = Cli.against(syncer, promoter);
    }

    @AfterEach
    void stop() {
        syncer.close();
        promoter.close();
    }

    @ParameterizedTest(name = "HTTP {0} -> exit {1}")
    @CsvSource(delimiter = '|', textBlock = """
            401 | 3 | {"error":"invalid bearer token"}              | error: not authenticated by the syncer (the token was not accepted): invalid bearer token; set CONVEYOR_TOKEN or --token
            403 | 4 | {"error":"alice may not sync shop"}          | error: forbidden by the syncer: alice may not sync shop
            404 | 5 | {"error":"no application shop"}             | error: not found: no application shop
            400 | 6 | {"error":"revision must be a commit sha"}   | error: refused by the syncer (HTTP 400): revision must be a commit sha
            409 | 6 | {"error":"a sync of shop is running"}       | error: refused by the syncer (HTTP 409): a sync of shop is running
            422 | 6 | {"error":"dryRun must be true or false"}    | error: refused by the syncer (HTTP 422): dryRun must be true or false
            500 | 7 | {"error":"Kafka unavailable"}               | error: server error from the syncer (HTTP 500 from POST {url}/api/v1/applications/shop/sync?dryRun=false): Kafka unavailable
            503 | 7 | ''                                          | error: server error from the syncer (HTTP 503 from POST {url}/api/v1/applications/shop/sync?dryRun=false)
            """)
    void httpStatusesMapToExitCodes(int status, int exit, String body, String message) {
        syncer.on("POST", "/api/v1/applications/shop/sync", status, body == null ? "" : body);

        Cli.Result r = cli.run("sync", "shop");

        assertThat(r.exit()).isEqualTo(exit);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(message.replace("{url}", syncer.url()) + "\n");
    }

    @Test
    void unauthenticatedWithoutATokenSaysHowToGiveOne() {
        syncer.on("GET", "/api/v1/applications", 401, "");

        Cli.Result r = Cli.withEnv(Map.of()).run("apps", "--syncer", syncer.url());

        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("error: not authenticated by the syncer (no token given); set CONVEYOR_TOKEN or --token\n");
    }

    @Test
    void aNotFoundWithoutAnErrorFieldNamesTheRequest() {
        syncer.on("GET", "/api/v1/applications/ghost", 404, "");

        Cli.Result r = cli.run("app", "ghost");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).isEqualTo("error: not found: GET " + syncer.url() + "/api/v1/applications/ghost answered 404\n");
    }

    @Test
    void theTokenIsMaskedEvenWhenTheServerEchoesIt() {
        promoter.on("GET", "/api/v1/pipelines", 403, "{\"error\":\"token " + Cli.TOKEN + " lacks the pipelines:read scope\"}");

        Cli.Result r = cli.run("pipelines");

        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).isEqualTo("error: forbidden by the promoter: token **** lacks the pipelines:read scope\n");
    }

    @Test
    void aClosedPortIsExit7WithTheUrlAndTheCause() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        Cli.Result r = Cli.withEnv(Map.of("CONVEYOR_TOKEN", Cli.TOKEN)).run("pipelines", "--promoter", url);

        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.err()).isEqualTo("error: cannot reach the promoter at " + url
                + "/api/v1/pipelines: connection refused (check --promoter)\n");
    }

    @Test
    void aServerThatNeverAnswersIsExit7AfterTheTimeout() {
        promoter.hang("GET", "/api/v1/pipelines");

        Cli.Result r = cli.run("pipelines", "--timeout", "300ms");

        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.err()).isEqualTo("error: cannot reach the promoter at " + promoter.url()
                + "/api/v1/pipelines: no answer within 300ms (check --promoter)\n");
    }

    @Test
    void anAnswerThatIsNotJsonIsExit7() {
        syncer.on("GET", "/api/v1/applications", 200, "<html>proxy login</html>");

        Cli.Result r = cli.run("apps");

        assertThat(r.exit()).isEqualTo(7);
        assertThat(r.err()).contains("answered HTTP 200 with something that is not JSON");
    }

    @Test
    void verboseTracesRequestsWithTheTokenMasked() {
        syncer.on("GET", "/api/v1/applications", 200, Fixtures.APPLICATIONS);

        Cli.Result r = cli.run("apps", "--verbose");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("> GET " + syncer.url() + "/api/v1/applications  (Authorization: Bearer ****)")
                .contains("< 200 (");
    }

    @Test
    void usageErrorsAreExit2() {
        assertThat(cli.run("frobnicate").exit()).isEqualTo(2);
        assertThat(cli.run("apps", "-o", "yaml").exit()).isEqualTo(2);
        assertThat(cli.run("apps", "--timeout", "soon").exit()).isEqualTo(2);
        assertThat(cli.run().exit()).isEqualTo(2);
        Cli.Result badUrl = Cli.withEnv(Map.of("CONVEYOR_SYNCER_URL", "syncer:8082")).run("apps");
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).contains("is not an http(s) URL with a host (set by CONVEYOR_SYNCER_URL)");
        assertThat(syncer.requests()).isEmpty();
    }

    @Test
    void helpListsTheExitCodesAndNeverTheToken() {
        Cli.Result r = Cli.withEnv(Map.of("CONVEYOR_TOKEN", Cli.TOKEN)).run("--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Exit codes:")
                .contains("3   not authenticated (HTTP 401): set CONVEYOR_TOKEN or --token")
                .contains("7   server error (HTTP 5xx) or server unreachable")
                .contains("CONVEYOR_TOKEN");
        assertThat(Cli.withEnv(Map.of("CONVEYOR_TOKEN", Cli.TOKEN)).run("approve", "--help").out()).contains("Exit codes:");
    }
}
