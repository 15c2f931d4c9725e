package dev.conveyor.images.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.images.engine.Ports;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes {@code ImageUpdated} (conveyor.images) and the {@code CommitPushed} of the watcher's own commit
 * (conveyor.commits) and waits for the broker's acknowledgement of both. Ids come from the commit, so a re-publish of
 * the same update is recognisable as the same fact.
 */
@ApplicationScoped
public class KafkaEvents implements Ports.Events {

    static final URI SOURCE = URI.create("/conveyor/image-watcher");

    private final Emitter<CloudEvent> emitter;

    public KafkaEvents(@Channel("events-out") Emitter<CloudEvent> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void updated(ImageUpdated update, CommitPushed commit) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        CompletableFuture<Void> a = send(new Envelope<>("image-updated:" + update.policy() + ":" + update.commit(), SOURCE, now, update));
        CompletableFuture<Void> b = send(new Envelope<>("commit:" + commit.repository() + ":" + commit.after(), SOURCE, now, commit));
        try {
            CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge the events of " + update.policy() + " at "
                    + update.commit() + ": " + e.getMessage(), e);
        }
    }

    private CompletableFuture<Void> send(Envelope<? extends ConveyorEvent> envelope) {
        ConveyorEvent event = envelope.event();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<CloudEvent> message = Message.of(EventCodec.toCloudEvent(envelope))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(event.eventType().topic()).withKey(event.partitionKey()).build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(t -> {
                    acked.completeExceptionally(t);
                    return CompletableFuture.completedFuture(null);
                });
        emitter.send(message);
        return acked;
    }
}
