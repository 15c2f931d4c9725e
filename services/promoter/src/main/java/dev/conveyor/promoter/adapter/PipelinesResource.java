package dev.conveyor.promoter.adapter;

import dev.conveyor.events.PromotionEvent.FreightImage;
import dev.conveyor.promoter.engine.Freight;
import dev.conveyor.promoter.engine.PipelineState;
import dev.conveyor.promoter.engine.PromotionEngine;
import dev.conveyor.promoter.pipeline.Pipeline;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code /api/v1/pipelines}: read freely; act (approve, promote, roll back, release a hold) with a bearer token. The
 * identity and groups come from the verified JWT (Quarkus SmallRye JWT): no token → 401, a token of someone the stage
 * does not allow → 403. Every action becomes an event that names who did it.
 */
@Path("/api/v1/pipelines")
@Produces(MediaType.APPLICATION_JSON)
public class PipelinesResource {

    private static final Logger LOG = Logger.getLogger(PipelinesResource.class);

    private final PromoterCore core;
    private final PipelineStore store;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;

    public PipelinesResource(PromoterCore core, PipelineStore store, SecurityIdentity identity, JsonWebToken jwt) {
        this.core = core;
        this.store = store;
        this.identity = identity;
        this.jwt = jwt;
    }

    /** The body of an action. */
    public record FreightRef(String freight) {
    }

    @GET
    public Map<String, Object> list() {
        return core.call(() -> {
            List<Object> out = new ArrayList<>();
            store.all().stream().sorted(Comparator.comparing(Pipeline::name)).forEach(p -> out.add(view(p, false)));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("pipelines", out);
            body.put("invalid", store.invalid().stream().map(Object::toString).toList());
            body.put("revision", store.revision());
            return body;
        });
    }

    @GET
    @Path("{pipeline}")
    public Response get(@PathParam("pipeline") String name) {
        return store.get(name).map(p -> Response.ok(core.call(() -> view(p, true))).build())
                .orElse(error(404, "no pipeline " + name));
    }

    @POST
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("{pipeline}/stages/{stage}/approvals")
    public Response approve(@PathParam("pipeline") String pipeline, @PathParam("stage") String stage, FreightRef body) {
        return act(body, (user, groups) -> core.engine().approve(pipeline, stage, body.freight(), user, groups), pipeline, stage, "approve");
    }

    @POST
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("{pipeline}/stages/{stage}/promotions")
    public Response promote(@PathParam("pipeline") String pipeline, @PathParam("stage") String stage, FreightRef body) {
        return act(body, (user, groups) -> core.engine().promote(pipeline, stage, body.freight(), user, groups), pipeline, stage, "promote");
    }

    @POST
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("{pipeline}/stages/{stage}/rollback")
    public Response rollback(@PathParam("pipeline") String pipeline, @PathParam("stage") String stage, FreightRef body) {
        return act(body, (user, groups) -> core.engine().rollback(pipeline, stage, body.freight(), user, groups), pipeline, stage, "rollback");
    }

    @DELETE
    @Authenticated
    @Path("{pipeline}/stages/{stage}/hold")
    public Response release(@PathParam("pipeline") String pipeline, @PathParam("stage") String stage) {
        return act(new FreightRef("-"), (user, groups) -> core.engine().release(pipeline, stage, user, groups), pipeline, stage, "release");
    }

    /** An action as the verified caller; identity is read here, on the request's thread, not on the engine's. */
    private Response act(FreightRef body, BiFunction<String, Set<String>, PromotionEngine.ActionResult> action,
                         String pipeline, String stage, String what) {
        if (body == null || body.freight() == null || body.freight().isBlank()) {
            return error(400, "the body must name the freight: {\"freight\": \"<id or prefix>\"}");
        }
        String user = user();
        Set<String> groups = groups();
        try {
            PromotionEngine.ActionResult r = core.call(() -> action.apply(user, groups));
            LOG.infof("%s: %s %s/%s %s", user, what, pipeline, stage, r.freight());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("event", r.event());
            out.put("pipeline", pipeline);
            out.put("stage", stage);
            out.put("freight", r.freight());
            out.put("by", user);
            if (r.waitingFor() != null) out.put("waitingFor", r.waitingFor());
            return Response.accepted(out).build();
        } catch (PromotionEngine.Denied e) {
            LOG.infof("%s: %s %s/%s refused: %s", user, what, pipeline, stage, e.getMessage());
            return error(403, e.getMessage());
        } catch (PromotionEngine.NotFound e) {
            return error(404, e.getMessage());
        } catch (PromotionEngine.Conflict e) {
            return error(409, e.getMessage());
        }
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private Set<String> groups() {
        Set<String> groups = jwt.getGroups();
        return groups == null ? Set.of() : Set.copyOf(groups);
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }

    /** Runs on the engine thread (state is not shared across threads otherwise). */
    private Map<String, Object> view(Pipeline p, boolean withFreight) {
        PipelineState st = core.engine().state(p.name());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("images", p.images().stream().map(Pipeline.ImageSpec::image).toList());
        List<Object> stages = new ArrayList<>();
        for (Pipeline.Stage stage : p.stages()) {
            PipelineState.Stage s = st.stage(stage.name());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", stage.name());
            v.put("application", stage.application());
            v.put("freight", s.current().flatMap(st::freight).map(PipelinesResource::freight).orElse(null));
            v.put("status", status(s));
            v.put("promotion", s.promotion().map(pr -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("freight", pr.freight());
                m.put("state", pr.commit() == null ? "REQUESTED" : "STARTED");
                m.put("kind", pr.kind().name());
                m.put("requestedBy", pr.requestedBy());
                m.put("commit", pr.commit());
                m.put("startedAt", pr.startedAt() == null ? null : pr.startedAt().toString());
                return m;
            }).orElse(null));
            v.put("pending", s.blocked().filter(b -> s.promotion().map(pr -> pr.commit() == null
                    && pr.freight().equals(b.freight())).orElse(false)).map(b -> {
                Map<String, Object> gate = new LinkedHashMap<>();
                gate.put("gate", b.gate().name());
                gate.put("message", b.message());
                gate.put("approvals", List.copyOf(s.approvals(b.freight())));
                gate.put("required", stage.gates().approvals().required());
                gate.put("until", b.until() == null ? null : b.until().toString());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("freight", b.freight());
                m.put("gates", List.of(gate));
                return m;
            }).orElse(null));
            v.put("hold", s.hold().map(h -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("freight", h.freight());
                m.put("by", h.by());
                m.put("at", h.at().toString());
                return m;
            }).orElse(null));
            v.put("lastFailure", s.lastFailure().map(f -> Map.of("freight", f.freight(), "reason", f.reason(),
                    "at", f.at().toString())).orElse(null));
            stages.add(v);
        }
        out.put("stages", stages);
        if (withFreight) {
            List<Object> all = new ArrayList<>();
            for (Freight f : st.freight()) {
                Map<String, Object> m = freight(f);
                m.put("stages", p.stages().stream().map(Pipeline.Stage::name)
                        .filter(n -> st.stage(n).history().contains(f.id())).toList());
                all.add(m);
            }
            out.put("freight", all);
        }
        return out;
    }

    private static String status(PipelineState.Stage s) {
        if (s.promotion().map(p -> p.commit() != null).orElse(false)) return "PROMOTING";
        if (s.lastFailure().isPresent() && s.current().map(c -> !c.equals(s.lastFailure().get().freight())).orElse(true)
                && s.lastFailure().get().at().isAfter(s.verifiedAt().orElse(Instant.EPOCH))) return "FAILED";
        if (s.current().isEmpty()) return "EMPTY";
        return "VERIFIED";
    }

    private static Map<String, Object> freight(Freight f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        List<Object> images = new ArrayList<>();
        for (FreightImage i : f.images()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("image", i.image());
            im.put("tag", i.tag());
            im.put("digest", i.digest());
            images.add(im);
        }
        m.put("images", images);
        m.put("createdAt", f.createdAt().toString());
        return m;
    }
}
