package dev.conveyor.syncer.adapter;

import dev.conveyor.syncer.auth.Operators;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.security.Principal;
import java.util.Map;

/**
 * JSON bodies ({@code {"error": "..."}}) for refused API calls: 401 with a {@code WWW-Authenticate: Bearer} challenge
 * (RFC 6750) when there is no token or it does not verify, 403 when the caller is not an operator. Authentication is
 * not proactive ({@code quarkus.http.auth.proactive=false}), so a bad token reaches these mappers instead of being
 * answered with an empty 401 by the HTTP layer, and it only matters on the endpoints that need a caller.
 */
public class ApiAuthErrors {

    private static final Logger LOG = Logger.getLogger(ApiAuthErrors.class);

    @ServerExceptionMapper(UnauthorizedException.class)
    Response noToken(UnauthorizedException e) {
        return unauthorized("Bearer", "a bearer token is required");
    }

    @ServerExceptionMapper(AuthenticationFailedException.class)
    Response badToken(AuthenticationFailedException e) {
        // The cause names what failed (signature, issuer, expiry, no key configured); the token itself is never logged.
        LOG.debugf(e, "bearer token refused");
        return unauthorized("Bearer error=\"invalid_token\"", "the bearer token is invalid or expired");
    }

    @ServerExceptionMapper(ForbiddenException.class)
    Response notAnOperator(ForbiddenException e, ContainerRequestContext request) {
        Principal caller = request.getSecurityContext().getUserPrincipal();
        String user = caller == null ? "the caller" : caller.getName();
        LOG.infof("refused %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), Operators.refusal(user));
        return Response.status(Response.Status.FORBIDDEN)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", Operators.refusal(user)))
                .build();
    }

    private static Response unauthorized(String challenge, String error) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", error))
                .build();
    }
}
