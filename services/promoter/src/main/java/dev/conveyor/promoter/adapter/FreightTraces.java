package dev.conveyor.promoter.adapter;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.PromotionApproved;
import dev.conveyor.events.PromotionBlocked;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionRequested;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.PromotionSucceeded;
import dev.conveyor.tracing.EventTracer;
import dev.conveyor.tracing.TraceHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trace per change, across the promoter's waits. A freight's promotions happen in reaction to many things — the
 * image update that created it, syncs, a soak timer, a person's approval through the API — each with its own trace.
 * The change is the freight, so everything done for it (its events, its commits to each stage) is recorded in the trace
 * its {@code FreightCreated} was published in, and linked to what made it happen now when that is another trace.
 *
 * <p>The freight's trace is kept from {@code FreightCreated}'s {@code traceparent} header, so the rebuild at start
 * recovers it with the state. Used only on the engine thread.
 */
@ApplicationScoped
public class FreightTraces {

    /** Freight kept; the oldest is forgotten first (its later work then starts from whatever triggered it). */
    static final int KEPT = 10_000;

    private final EventTracer tracer;
    private final Map<String, Context> freights = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
            return size() > KEPT;
        }
    };

    public FreightTraces(OpenTelemetry openTelemetry) {
        this.tracer = new EventTracer(openTelemetry, "promoter");
    }

    EventTracer tracer() {
        return tracer;
    }

    /** A {@code FreightCreated} read back at start: its record's trace is the freight's. */
    void replayed(PromotionEvent event, Headers headers) {
        if (event instanceof FreightCreated created) {
            Context context = TraceHeaders.extract(headers);
            if (Span.fromContext(context).getSpanContext().isValid()) freights.put(key(created.pipeline(), created.freight()), context);
        }
    }

    /**
     * Opens a span for work on {@code event}'s freight: a {@code FreightCreated} starts the freight's trace where it is
     * (the image update's trace); other events go into the freight's trace, linked to the current one when it differs.
     * Events without freight, or of freight from before this process knew its trace, stay in the current trace.
     */
    EventTracer.Traced publishing(PromotionEvent event) {
        if (event instanceof FreightCreated created) {
            EventTracer.Traced span = tracer.start("freight " + created.freight() + " created in " + created.pipeline());
            freights.put(key(created.pipeline(), created.freight()), span.context());
            return span;
        }
        String name = event.getClass().getSimpleName() + " " + event.pipeline() + "/" + event.stage();
        return freight(event).map(f -> within(event.pipeline(), f, name)).orElseGet(() -> tracer.start(name));
    }

    /** Opens {@code name} in the freight's trace (see {@link #publishing}). */
    EventTracer.Traced within(String pipeline, String freight, String name) {
        Context freightContext = freights.get(key(pipeline, freight));
        if (freightContext == null) return tracer.start(name);
        SpanContext now = Span.current().getSpanContext();
        SpanContext origin = Span.fromContext(freightContext).getSpanContext();
        if (now.isValid() && now.getTraceId().equals(origin.getTraceId())) return tracer.start(name);
        return tracer.start(name, freightContext, List.of(now));
    }

    static Optional<String> freight(PromotionEvent event) {
        if (event instanceof FreightCreated e) return Optional.of(e.freight());
        if (event instanceof PromotionRequested e) return Optional.of(e.freight());
        if (event instanceof PromotionApproved e) return Optional.of(e.freight());
        if (event instanceof PromotionBlocked e) return Optional.ofNullable(e.freight());
        if (event instanceof PromotionStarted e) return Optional.of(e.freight());
        if (event instanceof PromotionSucceeded e) return Optional.of(e.freight());
        if (event instanceof PromotionFailed e) return Optional.of(e.freight());
        return Optional.empty();
    }

    private static String key(String pipeline, String freight) {
        return pipeline + "\n" + freight;
    }
}
