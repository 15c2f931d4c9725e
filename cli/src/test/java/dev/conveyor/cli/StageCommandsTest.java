package dev.conveyor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code approve}, {@code promote}, {@code rollback}, {@code release}: requests, answers and freight id prefixes. */
class StageCommandsTest {

    private static final String STAGE = "/api/v1/pipelines/payments/stages/prod";

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeApi syncer;
    private FakeApi promoter;
    private Cli cli;

    @BeforeEach
    void start() throws IOException {
        syncer = new FakeApi();
        promoter = new FakeApi()
                .on("GET", "/api/v1/pipelines/payments", 200, Fixtures.PIPELINE_PAYMENTS)
                .on("POST", STAGE + "/approvals", 202, Fixtures.accepted("prod", "f-3a9c1e7b2d40"))
                .on("POST", STAGE + "/promotions", 202, Fixtures.accepted("prod", "f-3a9c1e7b2d40"))
                .on("POST", STAGE + "/rollback", 202, Fixtures.accepted("prod", "f-0b1d2e3f4a5b"))
                .on("DELETE", STAGE + "/hold", 202, Fixtures.accepted("prod", null));
        cli = Cli.against(syncer, promoter);
    }

    @AfterEach
    void stop() {
        syncer.close();
        promoter.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            approve  | f-3a9c1e7b2d40 | /approvals  | f-3a9c1e7b2d40 | Approved f-3a9c1e7b2d40 for payments/prod (event 5f0d8c1e-2b7a-4c3d-9e8f-a1b2c3d4e5f6).
            promote  | f-3a9c1e7      | /promotions | f-3a9c1e7b2d40 | Promotion of f-3a9c1e7b2d40 to payments/prod requested (event 5f0d8c1e-2b7a-4c3d-9e8f-a1b2c3d4e5f6).
            rollback | 0b1d2e         | /rollback   | f-0b1d2e3f4a5b | Rollback of payments/prod to f-0b1d2e3f4a5b requested (event 5f0d8c1e-2b7a-4c3d-9e8f-a1b2c3d4e5f6).
            """)
    void freightActionsResolveTheIdThenPostIt(String command, String given, String action, String resolved, String said)
            throws IOException {
        Cli.Result r = cli.run(command, "payments", "prod", given);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(said + "\n");
        List<FakeApi.Request> requests = promoter.requests();
        assertThat(requests).extracting(FakeApi.Request::method, FakeApi.Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/pipelines/payments"),
                        org.assertj.core.groups.Tuple.tuple("POST", STAGE + action));
        FakeApi.Request post = requests.get(1);
        assertThat(post.authorization()).isEqualTo("Bearer " + Cli.TOKEN);
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(post.query()).isNull();
        assertThat(mapper.readTree(post.body())).isEqualTo(mapper.readTree("{\"freight\":\"" + resolved + "\"}"));
    }

    @Test
    void whatTheFreightStillWaitsForIsShown() {
        promoter.on("POST", STAGE + "/approvals", 202, """
                {"event":"5f0d8c1e-2b7a-4c3d-9e8f-a1b2c3d4e5f6","pipeline":"payments","stage":"prod",
                 "freight":"f-3a9c1e7b2d40","by":"alice","waitingFor":"APPROVAL: 1 of 2 approvals"}
                """);

        Cli.Result r = cli.run("approve", "payments", "prod", "f-3a9c1e7b2d40");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("""
                Approved f-3a9c1e7b2d40 for payments/prod (event 5f0d8c1e-2b7a-4c3d-9e8f-a1b2c3d4e5f6).
                Still waiting for: APPROVAL: 1 of 2 approvals
                """);
    }

    @Test
    void releaseDeletesTheHoldWithoutAFreight() {
        Cli.Result r = cli.run("release", "payments", "prod");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Hold on payments/prod released (event 5f0d8c1e-2b7a-4c3d-9e8f-a1b2c3d4e5f6).\n");
        assertThat(promoter.requests()).hasSize(1);
        FakeApi.Request delete = promoter.last();
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.path()).isEqualTo(STAGE + "/hold");
        assertThat(delete.authorization()).isEqualTo("Bearer " + Cli.TOKEN);
        assertThat(delete.body()).isEmpty();
    }

    @Test
    void actionsAsJsonPrintTheServersAnswer() throws IOException {
        Cli.Result approve = cli.run("approve", "payments", "prod", "f-3a9c1e7b", "-o", "json");
        Cli.Result release = cli.run("release", "payments", "prod", "-o", "json");

        assertThat(mapper.readTree(approve.out())).isEqualTo(mapper.readTree(Fixtures.accepted("prod", "f-3a9c1e7b2d40")));
        assertThat(mapper.readTree(release.out())).isEqualTo(mapper.readTree(Fixtures.accepted("prod", null)));
    }

    @Test
    void anAmbiguousPrefixIsExit5AndNamesTheCandidatesWithoutPosting() {
        Cli.Result r = cli.run("approve", "payments", "prod", "f-3a9c1e");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: freight 'f-3a9c1e' is ambiguous in pipeline payments: it matches "
                + "f-3a9c1e0055ff, f-3a9c1e7b2d40; give more characters\n");
        assertThat(promoter.requests()).extracting(FakeApi.Request::method).containsExactly("GET");
    }

    @Test
    void anUnknownPrefixIsExit5WithoutPosting() {
        Cli.Result r = cli.run("promote", "payments", "prod", "f-deadbeef");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).isEqualTo("error: no freight of pipeline payments matches 'f-deadbeef' (see: conveyor pipelines payments)\n");
        assertThat(promoter.requests()).extracting(FakeApi.Request::method).containsExactly("GET");
    }

    @Test
    void aPrefixShorterThanSixCharactersIsAUsageError() {
        Cli.Result r = cli.run("rollback", "payments", "prod", "f-3a");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("at least 6 characters");
        assertThat(promoter.requests()).extracting(FakeApi.Request::method).containsExactly("GET");
    }

    @Test
    void anUnknownPipelineIsExit5() {
        Cli.Result r = cli.run("approve", "orders", "prod", "f-3a9c1e7b2d40");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).isEqualTo("error: not found: no route for GET /api/v1/pipelines/orders\n");
    }

    @Test
    void theServersRefusalOfAnActionIsExit6WithItsError() {
        promoter.on("POST", STAGE + "/promotions", 409,
                "{\"error\":\"stage prod is held on f-0b1d2e3f4a5b by bob; release it first\"}");

        Cli.Result r = cli.run("promote", "payments", "prod", "f-3a9c1e7b2d40");

        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: refused by the promoter (HTTP 409): stage prod is held on f-0b1d2e3f4a5b by bob;"
                + " release it first\n");
    }

    @Test
    void missingArgumentsAreAUsageError() {
        Cli.Result r = cli.run("approve", "payments", "prod");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'FREIGHT'").contains("Try 'conveyor approve --help'");
        assertThat(promoter.requests()).isEmpty();
    }
}
