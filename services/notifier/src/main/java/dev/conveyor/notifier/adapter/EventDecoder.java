package dev.conveyor.notifier.adapter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.tracing.TraceHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any CloudEvent on Kafka (binary mode with {@code ce_*} headers, or structured mode) → {@link InboundEvent}, with
 * the JSON data as a map and the trace it was published in. Known and unknown event types alike: the notifier never
 * needs the record classes.
 */
public final class EventDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CloudEventDeserializer cloudEvents = new CloudEventDeserializer();

    public EventDecoder() {
        cloudEvents.configure(Map.of(), false);
    }

    /** @throws IllegalArgumentException when the record is not a CloudEvent with JSON (or no) data */
    public InboundEvent decode(ConsumerRecord<String, byte[]> record) {
        CloudEvent ce;
        try {
            ce = cloudEvents.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a CloudEvent: " + e.getMessage(), e);
        }
        byte[] json = ce.getData() == null ? null : ce.getData().toBytes();
        Map<String, Object> data = new LinkedHashMap<>();
        if (json != null && json.length > 0) {
            try {
                Object parsed = JSON.readValue(json, new TypeReference<Object>() { });
                if (parsed instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> data.put(String.valueOf(k), v));
                } else {
                    data.put("value", parsed);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("event " + ce.getId() + " has data that is not JSON", e);
            }
        }
        return new InboundEvent(ce.getId(), ce.getType(), ce.getSource() == null ? "" : ce.getSource().toString(),
                ce.getSubject(), ce.getTime(), data, json, TraceHeaders.toMap(TraceHeaders.extract(record.headers())));
    }
}
