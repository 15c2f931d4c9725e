package dev.conveyor.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.cli.http.ApiClient;
import dev.conveyor.cli.render.Ansi;
import dev.conveyor.cli.render.Table;
import dev.conveyor.cli.render.Times;
import dev.conveyor.cli.wire.SyncerApi.Application;
import dev.conveyor.cli.wire.SyncerApi.ResourceHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code conveyor app NAME}: one application in detail, with the resources it manages and their health. */
@Command(name = "app", description = "Show one application: source, destination, sync, health and its resources.")
public final class AppCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The application's name.")
    String name;

    /** A managed resource and its health; {@code health} is null when the syncer has not checked it yet. */
    record Row(String kind, String namespace, String name, String health, String message) {
    }

    @Override
    void run() {
        JsonNode answer = conveyor.syncer().get("/api/v1/applications/" + ApiClient.segment(name));
        if (json()) {
            conveyor.printJson(answer);
            return;
        }
        Application app = conveyor.read(answer, Application.class, "syncer's application");
        println("Name:          " + app.name());
        println("Source:        " + app.repoURL() + (app.path() == null || app.path().isEmpty() ? "" : ", path " + app.path())
                + (app.targetRevision() == null ? "" : ", at " + app.targetRevision()));
        println("Destination:   " + dash(Apps.destination(app.destination())));
        println("Sync:          " + dash(app.syncStatus()) + (Boolean.TRUE.equals(app.automated()) ? ", automated" : ", manual")
                + (Boolean.TRUE.equals(app.autoSyncPaused())
                ? "; auto-sync paused" + (app.pauseReason() == null ? "" : ": " + app.pauseReason()) : ""));
        println("Health:        " + dash(app.health()));
        println("Revision:      " + dash(app.revision()));
        println("Last sync:     " + (app.lastResult() == null && app.lastSyncAt() == null ? "-"
                : dash(app.lastResult()) + (app.lastSyncAt() == null ? "" : ", " + Times.withAge(app.lastSyncAt(), conveyor.clock()))));
        List<Row> rows = rows(app);
        println("");
        if (rows.isEmpty()) {
            println("No resources.");
            return;
        }
        Table table = new Table("KIND", "NAMESPACE", "NAME", "HEALTH", "MESSAGE").style(3, Ansi::forStatus);
        rows.forEach(r -> table.row(r.kind(), r.namespace(), r.name(), r.health(), r.message()));
        table.print(out(), conveyor.colour());
    }

    /**
     * The inventory ({@code apiVersion/kind/namespace/name}) joined with the unhealthy list: a resource the syncer does
     * not call unhealthy is healthy once the application has a health at all; unhealthy resources missing from the
     * inventory are listed too.
     */
    static List<Row> rows(Application app) {
        Map<String, ResourceHealth> unhealthy = new LinkedHashMap<>();
        for (ResourceHealth h : app.unhealthy()) unhealthy.put(key(h.kind(), h.namespace(), h.name()), h);
        List<Row> rows = new ArrayList<>();
        for (String encoded : app.resources()) {
            String[] parts = parse(encoded);
            ResourceHealth h = unhealthy.remove(key(parts[0], parts[1], parts[2]));
            String health = h != null ? h.health() : app.health() == null ? null : "HEALTHY";
            rows.add(new Row(parts[0], parts[1], parts[2], health, h == null ? null : h.message()));
        }
        for (ResourceHealth h : unhealthy.values()) rows.add(new Row(h.kind(), h.namespace(), h.name(), h.health(), h.message()));
        rows.sort(Comparator.comparing(Row::kind, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(r -> r.namespace() == null ? "" : r.namespace())
                .thenComparing(r -> r.name() == null ? "" : r.name()));
        return rows;
    }

    /** kind, namespace, name of {@code apiVersion/kind/namespace/name}, read from the right (apiVersion may hold a '/'). */
    private static String[] parse(String encoded) {
        int nameSlash = encoded.lastIndexOf('/');
        int nsSlash = nameSlash <= 0 ? -1 : encoded.lastIndexOf('/', nameSlash - 1);
        int kindSlash = nsSlash <= 0 ? -1 : encoded.lastIndexOf('/', nsSlash - 1);
        if (kindSlash < 0) return new String[]{null, null, encoded};
        return new String[]{encoded.substring(kindSlash + 1, nsSlash), encoded.substring(nsSlash + 1, nameSlash),
                encoded.substring(nameSlash + 1)};
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
