package dev.conveyor.notifier.subscription;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * Any CloudEvent the notifier read, known type or not: the context attributes and the JSON data as a map. The
 * notifier works on this generic view so that event types added later (images, promotions) need no code here.
 *
 * @param id      {@code ce_id}: stable for one fact, the basis of every delivery id
 * @param type    {@code ce_type}
 * @param source  {@code ce_source}
 * @param subject {@code ce_subject} (the application, for application events); "" when absent
 * @param time    {@code ce_time}; null when absent
 * @param data    the JSON body as maps, lists, strings, longs, doubles, booleans and nulls; empty when absent
 * @param json    the JSON body as it was on the wire (webhooks forward it byte for byte); may be null
 * @param trace   the W3C trace context the event was published in ({@code traceparent}, {@code tracestate}); empty
 *                when it had none. A notification about the event is sent in that trace.
 */
public record InboundEvent(String id, String type, String source, String subject, OffsetDateTime time,
                           Map<String, Object> data, byte[] json, Map<String, String> trace) {

    public InboundEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        source = source == null ? "" : source;
        subject = subject == null ? "" : subject;
        data = data == null ? Map.of() : data;
        trace = trace == null ? Map.of() : Map.copyOf(trace);
    }

    /** An event published outside any trace. */
    public InboundEvent(String id, String type, String source, String subject, OffsetDateTime time,
                        Map<String, Object> data, byte[] json) {
        this(id, type, source, subject, time, data, json, Map.of());
    }

    /** A top-level data field as text, or "" when absent or not a scalar. */
    public String text(String field) {
        Object v = data.get(field);
        return v == null || v instanceof Map || v instanceof Iterable ? "" : String.valueOf(v);
    }

    @Override
    public String toString() {
        return type + " " + id + " (" + subject + ")";
    }
}
