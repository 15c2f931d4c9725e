package dev.conveyor.events;

import java.util.List;
import java.util.Objects;

/**
 * A managed object in the cluster no longer matches what Git says (someone edited or deleted it).
 *
 * @param application name of the Application
 * @param revision    the revision last applied
 * @param resources   what drifted
 * @param selfHeal    whether the syncer will re-apply (the application's selfHeal policy and back-off allow it)
 */
public record DriftDetected(String application, String revision, List<DriftedResource> resources, boolean selfHeal)
        implements ApplicationEvent {

    /** reason: MODIFIED or DELETED. */
    public record DriftedResource(String group, String kind, String namespace, String name, String reason) {
    }

    public DriftDetected {
        Objects.requireNonNull(application, "application");
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    @Override
    public EventType eventType() {
        return EventType.DRIFT_DETECTED;
    }
}
