package dev.conveyor.syncer.adapter;

import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.auth.Operators;
import dev.conveyor.syncer.engine.AppState;
import dev.conveyor.syncer.engine.SyncEngine;
import io.quarkus.security.PermissionsAllowed;
import io.quarkus.security.identity.SecurityIdentity;
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
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The syncer's REST API under {@code /api/v1}. Actions are requests on the sync-requests topic, so they are serialised
 * with every other piece of work for the application, whichever replica owns it.
 *
 * <p>Authentication: the state-changing endpoints (POST) need a bearer JWT of an operator
 * ({@link OperatorPermission#OPERATE}: 401 without a valid token, 403 for a non-operator) and record the caller as
 * {@code api:<user>}. The GET endpoints are readable without a token, deliberately: they show status the cluster and
 * the event topics show anyway, and dashboards and scripts read them. To require a token for them too, set
 * {@code quarkus.http.auth.permission.read.paths=/api/v1/*} with {@code .policy=authenticated} (docs/syncer.md).
 */
@Path("/api/v1/applications")
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    private static final Logger LOG = Logger.getLogger(ApplicationsResource.class);

    private final DeclarationStore declarations;
    private final SyncEngine engine;
    private final KafkaEvents events;
    private final ClusterAdapter cluster;
    private final SecurityIdentity caller;

    public ApplicationsResource(DeclarationStore declarations, SyncEngine engine, KafkaEvents events, ClusterAdapter cluster,
                                SecurityIdentity caller) {
        this.declarations = declarations;
        this.engine = engine;
        this.events = events;
        this.cluster = cluster;
        this.caller = caller;
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
    @PermissionsAllowed(OperatorPermission.OPERATE)
    public Response sync(@PathParam("name") String name, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
                         @QueryParam("revision") String revision) {
        app(name);
        return enqueue(new SyncRequested(name, SyncRequested.Trigger.MANUAL, revision, dryRun, actor()));
    }

    /** Syncs an earlier revision and pauses auto-sync until {@code resume}, so the next commit does not undo it. */
    @POST
    @Path("/{name}/rollback")
    @PermissionsAllowed(OperatorPermission.OPERATE)
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
        return enqueue(new SyncRequested(name, SyncRequested.Trigger.ROLLBACK, target, false, actor()));
    }

    @POST
    @Path("/{name}/pause")
    @PermissionsAllowed(OperatorPermission.OPERATE)
    public Map<String, Object> pause(@PathParam("name") String name) {
        app(name);
        LOG.infof("%s paused auto-sync of %s", actor(), name);
        engine.pause(name, "paused by " + user() + " through the API");
        return summary(app(name));
    }

    @POST
    @Path("/{name}/resume")
    @PermissionsAllowed(OperatorPermission.OPERATE)
    public Response resume(@PathParam("name") String name) {
        app(name);
        LOG.infof("%s resumed auto-sync of %s", actor(), name);
        engine.resume(name);
        return enqueue(new SyncRequested(name, SyncRequested.Trigger.MANUAL, null, false, actor()));
    }

    private Response enqueue(SyncRequested request) {
        String id = "api:" + UUID.randomUUID();
        LOG.infof("%s requested a %s sync of %s (revision %s, dry run %s, id %s)", request.requestedBy(),
                request.trigger(), request.application(), request.revision(), request.dryRun(), id);
        events.publishWithId(request, id);
        return Response.accepted(Map.of("requested", request, "id", id)).build();
    }

    /** The verified caller's name (the endpoints that call this require an operator, so there is one). */
    private String user() {
        return OperatorPermission.user(caller);
    }

    /** Who the action is recorded as: {@code api:<user>}. */
    private String actor() {
        return Operators.actor(user());
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
