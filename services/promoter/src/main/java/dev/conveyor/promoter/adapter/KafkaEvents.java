package dev.conveyor.promoter.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.promoter.engine.Ports;
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
 * Publishes promotion events on {@code conveyor.promotions}, keyed by pipeline, and waits for the broker's
 * acknowledgement: the promoter's state is what this topic says, so an event counts only once it is durable.
 */
@ApplicationScoped
public class KafkaEvents implements Ports.Events {

    static final URI SOURCE = URI.create("/conveyor/promoter");

    private final Emitter<CloudEvent> emitter;

    public KafkaEvents(@Channel("events-out") Emitter<CloudEvent> emitter) {
        this.emitter = emitter;
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
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<CloudEvent> message = Message.of(EventCodec.toCloudEvent(
                        new Envelope<>(id, SOURCE, OffsetDateTime.now(ZoneOffset.UTC), event)))
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
        try {
            acked.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + event.eventType().ceType() + " of "
                    + event.partitionKey() + ": " + e.getMessage(), e);
        }
    }
}
