package dev.conveyor.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) in Kafka record headers and in plain maps (HTTP headers,
 * stored state). These are the header names OpenTelemetry's own Kafka instrumentation uses, so any traced consumer of
 * Conveyor's topics joins the same trace. The propagator is the W3C one itself, not the globally configured one: the
 * wire format of our events must not change with a service's tracing settings.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> KAFKA_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header h : headers) keys.add(h.key());
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) return null;
            Header h = headers.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> KAFKA_SETTER = (headers, key, value) -> {
        // One value per key: a record re-published with a new parent must not carry the old one too.
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceHeaders() {
    }

    /** The trace context a record was published in; the root context when it carries none (or a malformed one). */
    public static Context extract(Headers headers) {
        if (headers == null) return Context.root();
        return W3C.extract(Context.root(), headers, KAFKA_GETTER);
    }

    /** Writes {@code context}'s span into the headers, replacing what they held; nothing when it has no valid span. */
    public static void inject(Context context, Headers headers) {
        W3C.inject(context, headers, KAFKA_SETTER);
    }

    /** The span context a record was published in, when it carries a valid one. */
    public static Optional<SpanContext> spanContext(Headers headers) {
        SpanContext sc = Span.fromContext(extract(headers)).getSpanContext();
        return sc.isValid() ? Optional.of(sc) : Optional.empty();
    }

    /** {@code context} as header name → value, for HTTP requests and for state that outlives the record. */
    public static Map<String, String> toMap(Context context) {
        Map<String, String> carrier = new LinkedHashMap<>();
        W3C.inject(context, carrier, Map::put);
        return carrier;
    }

    /** The inverse of {@link #toMap}; the root context for an empty or malformed map. */
    public static Context fromMap(Map<String, String> carrier) {
        if (carrier == null || carrier.isEmpty()) return Context.root();
        return W3C.extract(Context.root(), carrier, MAP_GETTER);
    }
}
