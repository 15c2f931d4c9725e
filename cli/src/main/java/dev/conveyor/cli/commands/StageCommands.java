package dev.conveyor.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.http.ApiClient;
import dev.conveyor.cli.wire.PromoterApi.Accepted;
import dev.conveyor.cli.wire.PromoterApi.FreightRequest;
import dev.conveyor.cli.wire.PromoterApi.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * The promoter's stage actions: {@code approve}, {@code promote}, {@code rollback} (each for one freight, which may be
 * given as a unique prefix) and {@code release} (lifts a hold). Each is a request: the promoter answers 202 with the
 * id of the event it recorded, and the pipeline moves on from there.
 */
public final class StageCommands {

    private StageCommands() {
    }

    /** An action on one stage of one pipeline. */
    abstract static class StageAction extends ApiCommand {

        @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's name.")
        String pipeline;

        @Parameters(index = "1", paramLabel = "STAGE", description = "The stage's name.")
        String stage;

        String stagePath() {
            return "/api/v1/pipelines/" + ApiClient.segment(pipeline) + "/stages/" + ApiClient.segment(stage);
        }

        void report(JsonNode answer, String message) {
            if (json()) {
                conveyor.printJson(answer);
                return;
            }
            Accepted accepted = conveyor.read(answer, Accepted.class, "promoter's");
            println(message + (accepted.event() == null ? "." : " (event " + accepted.event() + ")."));
            if (accepted.waitingFor() != null && !accepted.waitingFor().isBlank()) {
                println("Still waiting for: " + accepted.waitingFor());
            }
        }
    }

    /** An action that names a freight: resolves the id against the pipeline's freight list, then posts it. */
    abstract static class FreightAction extends StageAction {

        @Parameters(index = "2", paramLabel = "FREIGHT",
                description = "The freight's id, or a unique prefix of at least 6 characters.")
        String freight;

        /** The path under the stage, e.g. {@code /approvals}. */
        abstract String action();

        /** What happened, for people, e.g. {@code Approved f-... for payments/prod}. */
        abstract String done(String freightId);

        @Override
        void run() {
            ApiClient promoter = conveyor.promoter();
            Pipeline p = conveyor.read(promoter.get("/api/v1/pipelines/" + ApiClient.segment(pipeline)), Pipeline.class,
                    "promoter's pipeline");
            String id = FreightIds.resolve(pipeline, p.freight(), freight);
            JsonNode answer = promoter.post(stagePath() + action(), Map.of(), new FreightRequest(id));
            report(answer, done(id));
        }

        String target() {
            return pipeline + "/" + stage;
        }
    }

    @Command(name = "approve", description = "Approve a freight for a stage (one approval towards the stage's APPROVAL gate).")
    public static final class Approve extends FreightAction {
        @Override
        String action() {
            return "/approvals";
        }

        @Override
        String done(String id) {
            return "Approved " + id + " for " + target();
        }
    }

    @Command(name = "promote", description = "Request a promotion of a freight into a stage (its gates still apply).")
    public static final class Promote extends FreightAction {
        @Override
        String action() {
            return "/promotions";
        }

        @Override
        String done(String id) {
            return "Promotion of " + id + " to " + target() + " requested";
        }
    }

    @Command(name = "rollback", description = "Roll a stage back to an earlier freight (the stage is held on it until released).")
    public static final class Rollback extends FreightAction {
        @Override
        String action() {
            return "/rollback";
        }

        @Override
        String done(String id) {
            return "Rollback of " + target() + " to " + id + " requested";
        }
    }

    @Command(name = "release", description = "Release the hold on a stage, so promotions into it resume.")
    public static final class Release extends StageAction {
        @Override
        void run() {
            report(conveyor.promoter().delete(stagePath() + "/hold"), "Hold on " + pipeline + "/" + stage + " released");
        }
    }
}
