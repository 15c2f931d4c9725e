package dev.conveyor.promoter.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.messaging.EventEmitter;
import dev.conveyor.promoter.engine.Ports;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Publishes promotion events on {@code conveyor.promotions}, keyed by pipeline, and waits for the broker's
 * acknowledgement: the promoter's state is what this topic says, so an event counts only once it is durable.
 */
@ApplicationScoped
public class KafkaEvents implements Ports.Events {

    static final URI SOURCE = URI.create("/conveyor/promoter");

    private final EventEmitter emitter;

    public KafkaEvents(@Channel("events-out") Emitter<CloudEvent> emitter, OpenTelemetry openTelemetry) {
        this.emitter = new EventEmitter(emitter, new EventTracer(openTelemetry, "promoter"));
    }

    @Override
    public void publish(String id, PromotionEvent event) {
        send(id, event);
    }

    /**
     * The {@code CommitPushed} of a promotion's own commit, so the syncer syncs the stage at once (file:// and
     * self-hosted remotes may send no webhook; when the Git host's arrives too, it names the same sha).
     */
    public void commitPushed(CommitPushed commit) {
        send("commit:" + commit.repository() + ":" + commit.after(), commit);
    }

    private void send(String id, ConveyorEvent event) {
        emitter.sendAndAwait(new Envelope<>(id, SOURCE, OffsetDateTime.now(ZoneOffset.UTC), event));
    }
}
