package dev.conveyor.testing.kafka;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;

import java.util.Map;

/**
 * One event as a test read it from a topic: the decoded envelope and what was on the wire.
 *
 * @param headers the Kafka headers as UTF-8 strings (the CloudEvents binary mode puts {@code ce_*} here)
 */
public record ReceivedEvent(String topic, int partition, long offset, String key, Map<String, String> headers,
                            byte[] value, Envelope<ConveyorEvent> envelope) {

    public ConveyorEvent event() {
        return envelope.event();
    }

    public <T extends ConveyorEvent> T event(Class<T> type) {
        return type.cast(envelope.event());
    }

    public String header(String name) {
        return headers.get(name);
    }
}
