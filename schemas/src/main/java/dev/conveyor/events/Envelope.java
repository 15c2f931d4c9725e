package dev.conveyor.events;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An event with its CloudEvents context attributes. {@code id} is stable for one fact (a provider's delivery id, or a
 * hash of provider and body) so every consumer can de-duplicate redeliveries.
 */
public record Envelope<T extends ConveyorEvent>(String id, URI source, OffsetDateTime time, T event) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(event, "event");
    }

    public EventType type() {
        return event.eventType();
    }
}
