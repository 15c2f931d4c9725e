package dev.conveyor.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.http.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code conveyor sync NAME}: asks the syncer to sync an application now (queued; the answer is 202). */
@Command(name = "sync", description = "Request a sync of an application (queued on the syncer; returns at once).")
public final class SyncCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The application's name.")
    String name;

    @Option(names = "--revision", paramLabel = "SHA", description = "Sync this revision instead of the target revision's head.")
    String revision;

    @Option(names = "--dry-run", description = "Compute and report the changes without applying them.")
    boolean dryRun;

    @Override
    void run() {
        Map<String, String> query = new LinkedHashMap<>();
        if (revision != null && !revision.isBlank()) query.put("revision", revision.strip());
        query.put("dryRun", Boolean.toString(dryRun));
        JsonNode answer = conveyor.syncer().post("/api/v1/applications/" + ApiClient.segment(name) + "/sync", query, null);
        if (json()) {
            conveyor.printJson(answer);
            return;
        }
        String id = answer.path("id").asText(null);
        println((dryRun ? "Dry-run sync" : "Sync") + " of " + name
                + (revision == null || revision.isBlank() ? "" : " at " + revision.strip()) + " requested"
                + (id == null ? "." : " (request " + id + ")."));
    }
}
