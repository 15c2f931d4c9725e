package dev.conveyor.events;

/**
 * A fact that one Conveyor service tells the others. Every event type is a record in this package, registered in
 * {@link EventType}, with a JSON Schema and an example under {@code src/main/resources/dev/conveyor/events/}.
 */
public sealed interface ConveyorEvent permits CommitPushed, ImageTagged, ImageUpdated, ApplicationEvent, PromotionEvent {

    /** The registered type: CloudEvents {@code ce_type}, topic and schema. */
    EventType eventType();

    /** The Kafka message key: the unit of ordering for this event (see {@link EventType}). */
    String partitionKey();

    /** The CloudEvents {@code ce_subject}: what the event is about within its source. */
    String subject();
}
