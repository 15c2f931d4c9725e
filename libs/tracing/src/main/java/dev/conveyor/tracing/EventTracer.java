package dev.conveyor.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.common.header.Headers;

import java.util.Collection;

/**
 * The spans a Conveyor service opens around events: {@code process <topic>} when it handles a record (a child of the
 * context the record was published in), {@code send <topic>} when it publishes one (a child of whatever is current,
 * injected into the record's headers), and named units of work in between. Chained hop by hop, these make one trace
 * of one change: webhook → sync → image update → promotions → syncs → notifications.
 *
 * <p>Work that is not a direct reaction to one record — a promotion resumed by a timer or an approval, a digest of many
 * events — starts from a context it kept ({@link #start(String, Context, Collection)}) and links the others, so it stays
 * in the change's trace while still pointing at what triggered it.
 */
public final class EventTracer {

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("conveyor.event.type");

    private final Tracer tracer;

    /** @param service the service's name; spans are reported under the instrumentation scope {@code dev.conveyor.<service>} */
    public EventTracer(OpenTelemetry openTelemetry, String service) {
        this.tracer = openTelemetry.getTracer("dev.conveyor." + service);
    }

    /** A tracer that records nothing but still carries incoming trace context through (for tests and tools). */
    public static EventTracer propagatingOnly(String service) {
        return new EventTracer(OpenTelemetry.noop(), service);
    }

    /**
     * Opens {@code process <topic>} as a child of the record's trace context (a new trace if it has none) and makes it
     * current until {@link Traced#close()}.
     */
    public Traced process(String topic, Headers headers, String eventType, String eventId) {
        Span span = tracer.spanBuilder("process " + topic)
                .setParent(TraceHeaders.extract(headers))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "process")
                .setAttribute(EVENT_TYPE, eventType)
                .setAttribute(MESSAGE_ID, eventId)
                .startSpan();
        return new Traced(span);
    }

    /**
     * Records {@code send <topic>} as a child of the current context and writes it into the record's headers, so the
     * consumer's {@code process} span becomes its child. The span ends at once: it marks the hand-off, and the
     * broker's acknowledgement is awaited by the caller.
     */
    public void send(String topic, String eventType, String eventId, Headers headers) {
        Span span = tracer.spanBuilder("send " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, topic)
                .setAttribute(OPERATION, "send")
                .setAttribute(EVENT_TYPE, eventType)
                .setAttribute(MESSAGE_ID, eventId)
                .startSpan();
        try {
            TraceHeaders.inject(Context.current().with(span), headers);
        } finally {
            span.end();
        }
    }

    /** Opens an internal span named {@code name} under the current context and makes it current. */
    public Traced start(String name) {
        return new Traced(tracer.spanBuilder(name).startSpan());
    }

    /**
     * Opens {@code name} under {@code parent} (the change this work belongs to), linked to {@code links} (what made it
     * happen now, when that is another trace), and makes it current.
     */
    public Traced start(String name, Context parent, Collection<SpanContext> links) {
        SpanBuilder builder = tracer.spanBuilder(name).setParent(parent);
        for (SpanContext link : links) {
            if (link.isValid()) builder.addLink(link);
        }
        return new Traced(builder.startSpan());
    }

    /** A started span that is current on this thread until closed; close it on the thread that opened it. */
    public static final class Traced implements AutoCloseable {
        private final Span span;
        private final Scope scope;

        private Traced(Span span) {
            this.span = span;
            this.scope = span.makeCurrent();
        }

        public Span span() {
            return span;
        }

        public Context context() {
            return Context.current().with(span);
        }

        public Traced attribute(String key, String value) {
            if (value != null) span.setAttribute(key, value);
            return this;
        }

        /** Marks the span failed with the reason; the caller still closes it. */
        public void failed(Throwable error) {
            span.recordException(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        }

        public void failed(String reason) {
            span.setStatus(StatusCode.ERROR, reason);
        }

        @Override
        public void close() {
            scope.close();
            span.end();
        }
    }
}
