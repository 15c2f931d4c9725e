package dev.conveyor.images.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.images.engine.Ports;
import dev.conveyor.messaging.EventEmitter;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Publishes {@code ImageUpdated} (conveyor.images) and the {@code CommitPushed} of the watcher's own commit
 * (conveyor.commits), in the trace of the check that made the commit, and waits for the broker's acknowledgement of
 * both. Ids come from the commit, so a re-publish of the same update is recognisable as the same fact.
 */
@ApplicationScoped
public class KafkaEvents implements Ports.Events {

    static final URI SOURCE = URI.create("/conveyor/image-watcher");

    private final EventEmitter emitter;

    public KafkaEvents(@Channel("events-out") Emitter<CloudEvent> emitter, OpenTelemetry openTelemetry) {
        this.emitter = new EventEmitter(emitter, new EventTracer(openTelemetry, "image-watcher"));
    }

    @Override
    public void updated(ImageUpdated update, CommitPushed commit) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        emitter.awaitAll(List.of(
                        emitter.send(new Envelope<>("image-updated:" + update.policy() + ":" + update.commit(), SOURCE, now, update)),
                        emitter.send(new Envelope<>("commit:" + commit.repository() + ":" + commit.after(), SOURCE, now, commit))),
                "the events of " + update.policy() + " at " + update.commit());
    }
}
