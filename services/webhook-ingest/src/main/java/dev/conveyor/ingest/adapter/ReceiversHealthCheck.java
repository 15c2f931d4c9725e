package dev.conveyor.ingest.adapter;

import dev.conveyor.ingest.domain.IngestService;
import dev.conveyor.ingest.domain.Provider;
import dev.conveyor.ingest.domain.WebhookAuthenticator;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports which receivers are enabled and why the others are refused. Up as long as at least one is enabled: a
 * webhook-ingest that can verify nothing should not receive traffic.
 */
@Readiness
@ApplicationScoped
public class ReceiversHealthCheck implements HealthCheck {

    private final WebhookAuthenticator authenticator;

    public ReceiversHealthCheck(WebhookAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("webhook receivers");
        boolean any = false;
        for (Provider p : Provider.values()) {
            boolean on = authenticator.enabled(p);
            any |= on;
            b.withData(p.id(), on ? "enabled" : IngestService.disabledReason(p));
        }
        return b.status(any).build();
    }
}
