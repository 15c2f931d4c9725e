package dev.conveyor.ingest.adapter;

import dev.conveyor.ingest.IngestConfig;
import dev.conveyor.ingest.IngestMetrics;
import dev.conveyor.ingest.domain.Headers;
import dev.conveyor.ingest.domain.IngestOutcome;
import dev.conveyor.ingest.domain.IngestService;
import dev.conveyor.ingest.domain.Provider;
import dev.conveyor.ingest.domain.WebhookRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP edge: {@code POST /webhooks/{provider}} for providers that sign or send a token header, and
 * {@code POST /webhooks/{provider}/{token}} for those that can only be given a secret URL. Takes the exact body bytes
 * (signatures are over them) and maps the core's outcome to a status code with a JSON reason.
 */
@Path("/webhooks")
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);

    private final IngestService ingest;
    private final IngestMetrics metrics;
    private final IngestConfig config;

    public WebhookResource(IngestService ingest, IngestMetrics metrics, IngestConfig config) {
        this.ingest = ingest;
        this.metrics = metrics;
        this.config = config;
    }

    @POST
    @Path("/{provider}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@PathParam("provider") String provider, HttpHeaders headers, byte[] body) {
        return handle(provider, Optional.empty(), headers, body);
    }

    @POST
    @Path("/{provider}/{token}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receiveWithToken(@PathParam("provider") String provider, @PathParam("token") String token,
                                     HttpHeaders headers, byte[] body) {
        return handle(provider, Optional.of(token), headers, body);
    }

    private Response handle(String providerId, Optional<String> token, HttpHeaders httpHeaders, byte[] body) {
        Optional<Provider> provider = Provider.ofId(providerId);
        if (provider.isEmpty()) {
            return json(Response.Status.NOT_FOUND, Map.of("outcome", "unknown_provider",
                    "reason", "no receiver for '" + providerId + "'"));
        }
        Provider p = provider.get();
        if (token.isPresent() && p.auth() != Provider.Auth.PATH_TOKEN) {
            return json(Response.Status.NOT_FOUND, Map.of("outcome", "unknown_provider",
                    "reason", p.id() + " takes no token in the path: post to /webhooks/" + p.id()));
        }
        byte[] bytes = body == null ? new byte[0] : body;
        if (bytes.length > config.maxBodySize().asLongValue()) {
            return json(Response.Status.REQUEST_ENTITY_TOO_LARGE, Map.of("outcome", "too_large",
                    "reason", "body of " + bytes.length + " bytes exceeds the limit of " + config.maxBodySize().asLongValue()));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        httpHeaders.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) flat.put(name, values.get(0));
        });
        IngestOutcome outcome = ingest.ingest(new WebhookRequest(p, Headers.of(flat), bytes), token);
        metrics.request(p, outcome);
        return toResponse(p, outcome);
    }

    private Response toResponse(Provider p, IngestOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome.label());
        body.put("provider", p.id());
        if (outcome instanceof IngestOutcome.Accepted a) {
            a.events().forEach(e -> metrics.published(p.id(), e.type()));
            body.put("events", a.events());
            return json(Response.Status.ACCEPTED, body);
        }
        if (outcome instanceof IngestOutcome.Unavailable u) {
            LOG.warnf("%s webhook not accepted, Kafka unavailable: %s", p.id(), u.reason());
            body.put("reason", u.reason());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header("Retry-After", String.valueOf(config.publish().retryAfter().toSeconds()))
                    .type(MediaType.APPLICATION_JSON).entity(body).build();
        }
        Response.Status status;
        String reason;
        if (outcome instanceof IngestOutcome.Duplicate d) {
            status = Response.Status.OK;
            reason = "delivery " + d.deliveryId() + " was already published";
        } else if (outcome instanceof IngestOutcome.Ignored i) {
            status = Response.Status.OK;
            reason = i.reason();
        } else if (outcome instanceof IngestOutcome.Disabled d) {
            status = Response.Status.NOT_FOUND;
            reason = d.reason();
        } else if (outcome instanceof IngestOutcome.Unauthorized u) {
            status = Response.Status.UNAUTHORIZED;
            reason = u.reason();
            LOG.debugf("rejected %s webhook: %s", p.id(), reason);
        } else if (outcome instanceof IngestOutcome.Malformed m) {
            status = Response.Status.BAD_REQUEST;
            reason = m.reason();
        } else if (outcome instanceof IngestOutcome.UnsupportedMediaType u) {
            status = Response.Status.UNSUPPORTED_MEDIA_TYPE;
            reason = u.reason();
        } else {
            throw new IllegalStateException("unhandled outcome " + outcome);
        }
        body.put("reason", reason);
        return json(status, body);
    }

    private static Response json(Response.Status status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(entity).build();
    }
}
