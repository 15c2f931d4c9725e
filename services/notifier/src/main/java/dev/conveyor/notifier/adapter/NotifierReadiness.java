package dev.conveyor.notifier.adapter;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the deliveries topic has been read and events are consumed; with the count of invalid subscriptions. */
@Readiness
@ApplicationScoped
public class NotifierReadiness implements HealthCheck {

    private final NotifierRuntime runtime;
    private final SubscriptionStore subscriptions;

    public NotifierReadiness(NotifierRuntime runtime, SubscriptionStore subscriptions) {
        this.runtime = runtime;
        this.subscriptions = subscriptions;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("notifier")
                .status(runtime.ready())
                .withData("deliveries-known", runtime.knownDeliveries())
                .withData("subscriptions", subscriptions.all().size())
                .withData("invalid-subscriptions", subscriptions.invalid().size())
                .build();
    }
}
