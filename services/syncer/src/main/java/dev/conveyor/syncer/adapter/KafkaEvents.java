package dev.conveyor.syncer.adapter;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.syncer.engine.Ports;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the syncer's events as CloudEvents (binary mode) on their topics, keyed by application, and waits for the
 * broker's acknowledgement so that a sync is not reported done before its event is durable.
 */
@ApplicationScoped
public class KafkaEvents implements Ports.Events {

    static final URI SOURCE = URI.create("/conveyor/syncer");

    private final Emitter<CloudEvent> emitter;
    private final Clock clock = Clock.systemUTC();

    public KafkaEvents(@Channel("events-out") Emitter<CloudEvent> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void publish(ConveyorEvent event, String causationId) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        // Deterministic from the cause and the content, so a re-run of the same work produces the same id.
        String id = event.eventType().ceType() + ":" + event.partitionKey() + ":" + hash(causationId + "\n"
                + new String(EventCodec.toJson(event), StandardCharsets.UTF_8));
        send(new Envelope<>(id, SOURCE, now, event));
    }

    /** Publishes with a caller-chosen id (work items derived from another event keep a stable id). */
    public void publishWithId(ConveyorEvent event, String id) {
        send(new Envelope<>(id, SOURCE, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), event));
    }

    private void send(Envelope<?> envelope) {
        ConveyorEvent event = envelope.event();
        Message<CloudEvent> message = Message.of(EventCodec.toCloudEvent(envelope))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(event.eventType().topic())
                        .withKey(event.partitionKey())
                        .build());
        java.util.concurrent.CompletableFuture<Void> acked = new java.util.concurrent.CompletableFuture<>();
        emitter.send(message.withAck(() -> {
            acked.complete(null);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }).withNack(t -> {
            acked.completeExceptionally(t);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }));
        try {
            acked.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + event.eventType().ceType() + " for "
                    + event.partitionKey() + ": " + e.getMessage(), e);
        }
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
