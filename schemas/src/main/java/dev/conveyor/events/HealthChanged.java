package dev.conveyor.events;

import java.util.List;
import java.util.Objects;

/**
 * An application's aggregated health changed (worst of its resources).
 *
 * @param application name of the Application
 * @param revision    the revision running
 * @param from        previous health
 * @param to          new health
 * @param reasons     the resources that are not healthy, with their health and message
 */
public record HealthChanged(String application, String revision, SyncCompleted.Health from, SyncCompleted.Health to,
                            List<ResourceHealth> reasons) implements ApplicationEvent {

    public record ResourceHealth(String kind, String namespace, String name, SyncCompleted.Health health, String message) {
    }

    public HealthChanged {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(to, "to");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    @Override
    public EventType eventType() {
        return EventType.HEALTH_CHANGED;
    }
}
