package dev.conveyor.syncer.adapter;

import dev.conveyor.syncer.auth.Operators;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Says at start how the API is protected, and warns when it cannot be used: with no verification key every token is
 * refused (401), with no issuer any issuer trusted by the key is accepted, and a missing key file only shows on the
 * first request with a token (SmallRye JWT reads the key then), as a 500.
 */
@ApplicationScoped
public class ApiAuthStartup {

    private static final Logger LOG = Logger.getLogger(ApiAuthStartup.class);

    /** Where SmallRye JWT finds the verification key; any one is enough. */
    static final List<String> KEY_PROPERTIES = List.of(
            "mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey", "smallrye.jwt.verify.key.location");

    void onStart(@Observes StartupEvent start, Config config, Operators operators) {
        boolean key = KEY_PROPERTIES.stream().anyMatch(p -> config.getOptionalValue(p, String.class).isPresent());
        boolean issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).isPresent();
        config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .filter(ApiAuthStartup::isMissingFile)
                .ifPresent(location -> LOG.warnf("JWT verification key %s (mp.jwt.verify.publickey.location) does not"
                        + " exist: requests with a token will fail (500) until it does", location));
        if (!key) {
            LOG.warn("No JWT verification key configured (MP_JWT_VERIFY_PUBLICKEY_LOCATION or MP_JWT_VERIFY_PUBLICKEY):"
                    + " every bearer token is refused, so sync, rollback, pause and resume answer 401");
        } else if (!issuer) {
            LOG.warn("No JWT issuer configured (MP_JWT_VERIFY_ISSUER): tokens of any issuer signed by the configured key are accepted");
        }
        LOG.infof("API: state-changing endpoints need a bearer token of an operator (%s); reads are open", operators);
    }

    /** A local key file ({@code /path} or {@code file:/path}) that is not there; other locations are not checked. */
    static boolean isMissingFile(String location) {
        String path = location.startsWith("file:") ? URI.create(location).getPath() : location;
        return path != null && path.startsWith("/") && !Files.isReadable(Path.of(path));
    }
}
