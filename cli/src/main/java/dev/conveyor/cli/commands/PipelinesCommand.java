package dev.conveyor.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.http.ApiClient;
import dev.conveyor.cli.render.Ansi;
import dev.conveyor.cli.render.Table;
import dev.conveyor.cli.render.Times;
import dev.conveyor.cli.wire.PromoterApi.Freight;
import dev.conveyor.cli.wire.PromoterApi.Hold;
import dev.conveyor.cli.wire.PromoterApi.Pipeline;
import dev.conveyor.cli.wire.PromoterApi.PipelineList;
import dev.conveyor.cli.wire.PromoterApi.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code conveyor pipelines [NAME]}: a table of stages per pipeline; with a name, that pipeline and its freight
 * (newest first, full ids to copy into approve/promote/rollback).
 */
@Command(name = "pipelines", description = "Show pipelines on the promoter: per stage its freight, status, pending gates and hold.")
public final class PipelinesCommand extends ApiCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this pipeline, with its freight.")
    String name;

    @Override
    void run() {
        if (name == null) {
            JsonNode answer = conveyor.promoter().get("/api/v1/pipelines");
            if (json()) {
                conveyor.printJson(answer);
                return;
            }
            PipelineList list = conveyor.read(answer, PipelineList.class, "promoter's pipeline list");
            List<Pipeline> pipelines = list.pipelines();
            if (pipelines.isEmpty()) println("No pipelines.");
            for (int i = 0; i < pipelines.size(); i++) {
                if (i > 0) println("");
                stages(pipelines.get(i));
            }
            if (!list.invalid().isEmpty()) {
                println("");
                println("Invalid declarations (skipped" + (list.revision() == null ? "" : " at " + Apps.shortSha(list.revision())) + "):");
                list.invalid().forEach(line -> println("  " + line));
            }
            return;
        }
        JsonNode answer = conveyor.promoter().get("/api/v1/pipelines/" + ApiClient.segment(name));
        if (json()) {
            conveyor.printJson(answer);
            return;
        }
        Pipeline pipeline = conveyor.read(answer, Pipeline.class, "promoter's pipeline");
        stages(pipeline);
        println("");
        if (pipeline.freight().isEmpty()) {
            println("No freight.");
            return;
        }
        Table freight = new Table("FREIGHT", "IMAGES", "CREATED", "IN STAGES");
        for (Freight f : pipeline.freight()) {
            freight.row(f.id(), Pipelines.images(f), Times.ago(f.createdAt(), conveyor.clock()), String.join(", ", f.stages()));
        }
        freight.print(out(), conveyor.colour());
    }

    private void stages(Pipeline pipeline) {
        println("Pipeline " + pipeline.name() + (pipeline.images().isEmpty() ? "" : " (" + String.join(", ", pipeline.images()) + ")"));
        if (pipeline.stages().isEmpty()) {
            println("No stages.");
            return;
        }
        Table table = new Table("STAGE", "FREIGHT", "IMAGES", "STATUS", "WAITING FOR", "HOLD").style(3, Ansi::forStatus);
        for (Stage s : pipeline.stages()) {
            table.row(s.name(), s.freight() == null ? null : Pipelines.shortId(s.freight().id()), Pipelines.images(s.freight()),
                    s.status(), Pipelines.waitingFor(s.pending()), hold(s.hold()));
        }
        table.print(out(), conveyor.colour());
    }

    private String hold(Hold hold) {
        if (hold == null) return null;
        String by = hold.by() == null ? "held" : hold.by();
        String age = Times.ago(hold.at(), conveyor.clock());
        return age == null ? by : by + " (" + age + ")";
    }
}
