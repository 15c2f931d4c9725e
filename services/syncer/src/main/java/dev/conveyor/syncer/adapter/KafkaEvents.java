package dev.conveyor.syncer.adapter;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.HealthChanged;
import dev.conveyor.messaging.EventEmitter;
import dev.conveyor.syncer.engine.Ports;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Publishes the syncer's events as CloudEvents (binary mode) on their topics, keyed by application, in the current trace,
 * and waits for the broker's acknowledgement so that a sync is not reported done before its event is durable.
 */
@ApplicationScoped
public class KafkaEvents implements Ports.Events {

    static final URI SOURCE = URI.create("/conveyor/syncer");

    private final EventEmitter emitter;
    private final ApplicationTraces traces;
    private final Clock clock = Clock.systemUTC();

    public KafkaEvents(@Channel("events-out") Emitter<CloudEvent> emitter, OpenTelemetry openTelemetry, ApplicationTraces traces) {
        this.emitter = new EventEmitter(emitter, new EventTracer(openTelemetry, "syncer"));
        this.traces = traces;
    }

    @Override
    public void publish(ConveyorEvent event, String causationId) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        // Deterministic from the cause and the content, so a re-run of the same work produces the same id.
        String id = event.eventType().ceType() + ":" + event.partitionKey() + ":" + hash(causationId + "\n"
                + new String(EventCodec.toJson(event), StandardCharsets.UTF_8));
        Envelope<ConveyorEvent> envelope = new Envelope<>(id, SOURCE, now, event);
        if (event instanceof HealthChanged health && !Span.current().getSpanContext().isValid()) {
            // Re-assessed outside a sync (a rollout that finished later): the health belongs to the change last synced.
            try (Scope ignored = traces.lastSync(health.application()).makeCurrent()) {
                send(envelope);
            }
            return;
        }
        send(envelope);
    }

    /** Publishes with a caller-chosen id (work items derived from another event keep a stable id). */
    public void publishWithId(ConveyorEvent event, String id) {
        send(new Envelope<>(id, SOURCE, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), event));
    }

    private void send(Envelope<? extends ConveyorEvent> envelope) {
        emitter.sendAndAwait(envelope);
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
