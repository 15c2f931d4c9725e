package dev.conveyor.promoter.adapter;

import dev.conveyor.promoter.dora.DoraTracker;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/dora?window=P30D}: the four DORA figures per pipeline and stage, from the event stream. */
@Path("/api/v1/dora")
@Produces(MediaType.APPLICATION_JSON)
public class DoraResource {

    private final PromoterCore core;

    public DoraResource(PromoterCore core) {
        this.core = core;
    }

    @GET
    public Response figures(@QueryParam("window") @DefaultValue("P30D") String window) {
        Duration w;
        try {
            w = Duration.parse(window);
        } catch (DateTimeParseException e) {
            return Response.status(400).entity(Map.of("error", "window must be an ISO-8601 duration such as P30D or PT24H")).build();
        }
        if (w.isNegative() || w.isZero()) return Response.status(400).entity(Map.of("error", "window must be positive")).build();
        List<DoraTracker.Figures> figures = core.call(() -> core.dora().figures(w, Instant.now()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", w.toString());
        body.put("stages", figures.stream().map(DoraResource::view).toList());
        return Response.ok(body).build();
    }

    private static Map<String, Object> view(DoraTracker.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline", f.pipeline());
        m.put("stage", f.stage());
        m.put("deployments", f.deployments());
        m.put("deploymentsPerDay", f.deploymentsPerDay());
        m.put("leadTimeMedianSeconds", f.leadTimeMedian() == null ? null : f.leadTimeMedian().toMillis() / 1000.0);
        m.put("failures", f.failures());
        m.put("rollbacks", f.rollbacks());
        m.put("changeFailureRate", f.changeFailureRate());
        m.put("restores", f.restores());
        m.put("timeToRestoreMedianSeconds", f.timeToRestoreMedian() == null ? null : f.timeToRestoreMedian().toMillis() / 1000.0);
        return m;
    }
}
