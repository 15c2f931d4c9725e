package dev.conveyor.events;

/**
 * An event about one application: keyed, and subject-named, by the application, so every event of one application
 * is ordered on one partition.
 */
public sealed interface ApplicationEvent extends ConveyorEvent
        permits SyncRequested, SyncCompleted, DriftDetected, HealthChanged {

    /** The Application's name. */
    String application();

    @Override
    default String partitionKey() {
        return application();
    }

    @Override
    default String subject() {
        return application();
    }
}
