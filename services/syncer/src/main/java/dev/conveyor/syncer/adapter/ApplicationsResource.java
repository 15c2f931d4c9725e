package dev.conveyor.syncer.adapter;

import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.engine.AppState;
import dev.conveyor.syncer.engine.SyncEngine;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The syncer's REST API under {@code /api/v1} (one prefix, so an authenticating proxy or the promoter's auth can
 * protect all of it). Actions are requests on the sync-requests topic, so they are serialised with every other piece
 * of work for the application, whichever replica owns it.
 */
@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    private final DeclarationStore declarations;
    private final SyncEngine engine;
    private final KafkaEvents events;
    private final ClusterAdapter cluster;

    public ApplicationsResource(DeclarationStore declarations, SyncEngine engine, KafkaEvents events, ClusterAdapter cluster) {
        this.declarations = declarations;
        this.engine = engine;
        this.events = events;
        this.cluster = cluster;
    }

    @GET
    public Map<String, Object> list() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applications", declarations.all().stream().map(this::summary).toList());
        body.put("invalid", declarations.invalid().stream().map(InvalidDeclaration::toString).toList());
        body.put("revision", declarations.revision());
        return body;
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        Application app = app(name);
        Map<String, Object> body = summary(app);
        AppState state = engine.state(name);
        body.put("resources", state.inventory());
        body.put("unhealthy", state.unhealthy());
        return body;
    }

    /** What would change if the application were synced now (a dry-run diff against the live cluster). */
    @GET
    @Path("/{name}/diff")
    public Map<String, Object> diff(@PathParam("name") String name) {
        return cluster.diff(app(name), engine);
    }

    @GET
    @Path("/{name}/history")
    public List<AppState.HistoryEntry> history(@PathParam("name") String name) {
        app(name);
        return engine.state(name).history();
    }

    @POST
    @Path("/{name}/sync")
    public Response sync(@PathParam("name") String name, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
                         @QueryParam("revision") String revision) {
        app(name);
        return enqueue(new SyncRequested(name, SyncRequested.Trigger.MANUAL, revision, dryRun, "api"));
    }

    /** Syncs an earlier revision and pauses auto-sync until {@code resume}, so the next commit does not undo it. */
    @POST
    @Path("/{name}/rollback")
    public Response rollback(@PathParam("name") String name, @QueryParam("revision") String revision) {
        app(name);
        String target = revision;
        if (target == null || target.isBlank()) {
            // Default: the last successfully applied revision before the current one.
            AppState state = engine.state(name);
            target = state.history().stream()
                    .filter(h -> h.result() == dev.conveyor.events.SyncCompleted.Result.SUCCEEDED)
                    .map(AppState.HistoryEntry::revision)
                    .filter(r -> r != null && !r.equals(state.appliedRevision()))
                    .findFirst().orElse(null);
            if (target == null) {
                return Response.status(409).entity(Map.of("error", "no earlier successful revision in the history of " + name)).build();
            }
        }
        engine.rollback(name, target);
        return enqueue(new SyncRequested(name, SyncRequested.Trigger.ROLLBACK, target, false, "api"));
    }

    @POST
    @Path("/{name}/pause")
    public Map<String, Object> pause(@PathParam("name") String name) {
        app(name);
        engine.pause(name, "paused through the API");
        return summary(app(name));
    }

    @POST
    @Path("/{name}/resume")
    public Response resume(@PathParam("name") String name) {
        app(name);
        engine.resume(name);
        return enqueue(new SyncRequested(name, SyncRequested.Trigger.MANUAL, null, false, "api:resume"));
    }

    private Response enqueue(SyncRequested request) {
        String id = "api:" + UUID.randomUUID();
        events.publishWithId(request, id);
        return Response.accepted(Map.of("requested", request, "id", id)).build();
    }

    private Application app(String name) {
        return declarations.get(name).orElseThrow(() -> new NotFoundException("no application " + name));
    }

    private Map<String, Object> summary(Application app) {
        AppState s = engine.state(app.name());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", app.name());
        m.put("repoURL", app.source().repoURL());
        m.put("path", app.source().path());
        m.put("targetRevision", app.source().targetRevision());
        m.put("destination", app.destination());
        m.put("automated", app.syncPolicy().automated());
        m.put("syncStatus", s.syncStatus());
        m.put("health", s.health());
        m.put("revision", s.appliedRevision());
        m.put("lastResult", s.lastResult());
        m.put("lastSyncAt", s.lastSyncAt());
        m.put("autoSyncPaused", s.autoSyncPaused());
        m.put("pauseReason", s.pauseReason());
        return m;
    }
}
