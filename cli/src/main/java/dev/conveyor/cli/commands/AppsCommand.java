package dev.conveyor.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.render.Ansi;
import dev.conveyor.cli.render.Table;
import dev.conveyor.cli.render.Times;
import dev.conveyor.cli.wire.SyncerApi.Application;
import dev.conveyor.cli.wire.SyncerApi.ApplicationList;
import picocli.CommandLine.Command;

/** {@code conveyor apps}: every application the syncer knows, and the declarations it had to skip. */
@Command(name = "apps", description = "List the applications on the syncer (and invalid declarations, if any).")
public final class AppsCommand extends ApiCommand {

    @Override
    void run() {
        JsonNode answer = conveyor.syncer().get("/api/v1/applications");
        if (json()) {
            conveyor.printJson(answer);
            return;
        }
        ApplicationList list = conveyor.read(answer, ApplicationList.class, "syncer's application list");
        if (list.applications().isEmpty()) {
            println("No applications.");
        } else {
            Table table = new Table("NAME", "SYNC", "HEALTH", "REVISION", "DESTINATION", "LAST SYNC")
                    .style(1, Ansi::forStatus).style(2, Ansi::forStatus);
            for (Application app : list.applications()) {
                table.row(app.name(), Apps.sync(app), app.health(), Apps.shortSha(app.revision()),
                        Apps.destination(app.destination()), Times.ago(app.lastSyncAt(), conveyor.clock()));
            }
            table.print(out(), conveyor.colour());
        }
        if (!list.invalid().isEmpty()) {
            println("");
            println("Invalid declarations (skipped" + (list.revision() == null ? "" : " at " + Apps.shortSha(list.revision())) + "):");
            list.invalid().forEach(line -> println("  " + line));
        }
    }
}
