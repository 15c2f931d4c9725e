package dev.conveyor.notifier.adapter;

import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.destination.DeliveryException;
import dev.conveyor.notifier.destination.Notifier;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.tracing.EventTracer;
import dev.conveyor.tracing.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last hop of a change's trace: each send is a {@code notify <destination>} span in the trace of the event it
 * tells (the newest, for a digest; the others are linked), and the HTTP request carries it on in its
 * {@code traceparent} header (see {@code HttpPoster}), so a receiver that traces joins the same story.
 */
final class TracedNotifier implements Notifier {

    private final String destination;
    private final Notifier delegate;
    private final EventTracer tracer;

    TracedNotifier(String destination, Notifier delegate, EventTracer tracer) {
        this.destination = destination;
        this.delegate = delegate;
        this.tracer = tracer;
    }

    static Map<String, Notifier> wrap(Map<String, Notifier> notifiers, EventTracer tracer) {
        Map<String, Notifier> traced = new java.util.LinkedHashMap<>();
        notifiers.forEach((name, n) -> traced.put(name, new TracedNotifier(name, n, tracer)));
        return traced;
    }

    @Override
    public Receipt send(Notification notification) throws DeliveryException {
        InboundEvent told = notification.lastEvent();
        List<SpanContext> links = new ArrayList<>();
        for (InboundEvent e : notification.events()) {
            if (e != told) links.add(Span.fromContext(TraceHeaders.fromMap(e.trace())).getSpanContext());
        }
        try (EventTracer.Traced span = tracer.start("notify " + destination, TraceHeaders.fromMap(told.trace()), links)) {
            span.attribute("conveyor.subscription", notification.subscription())
                    .attribute("conveyor.destination", destination)
                    .attribute("conveyor.notification.phase", String.valueOf(notification.phase()))
                    .attribute("conveyor.event.type", told.type());
            try {
                return delegate.send(notification);
            } catch (DeliveryException | RuntimeException e) {
                span.failed(e);
                throw e;
            }
        }
    }
}
