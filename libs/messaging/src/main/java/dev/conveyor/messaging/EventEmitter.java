package dev.conveyor.messaging;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes Conveyor events through a SmallRye {@link Emitter}: a binary-mode CloudEvent on the event type's topic,
 * keyed by its partition key, carrying the current trace in its {@code traceparent} header, and completed only when the
 * broker acknowledged it. Services report work done only after its event is durable, so they wait
 * ({@link #sendAndAwait}); a service publishing two events of one fact sends both, then waits for both
 * ({@link #awaitAll}).
 */
public final class EventEmitter {

    private final Emitter<CloudEvent> emitter;
    private final EventTracer tracer;
    private final Duration ackTimeout;

    public EventEmitter(Emitter<CloudEvent> emitter, EventTracer tracer, Duration ackTimeout) {
        this.emitter = emitter;
        this.tracer = tracer;
        this.ackTimeout = ackTimeout;
    }

    public EventEmitter(Emitter<CloudEvent> emitter, EventTracer tracer) {
        this(emitter, tracer, Duration.ofSeconds(30));
    }

    /** Hands the event to the producer; the future completes with the broker's acknowledgement or its refusal. */
    public CompletableFuture<Void> send(Envelope<? extends ConveyorEvent> envelope) {
        ConveyorEvent event = envelope.event();
        String topic = event.eventType().topic();
        RecordHeaders headers = new RecordHeaders();
        tracer.send(topic, event.eventType().ceType(), envelope.id(), headers);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<CloudEvent> message = Message.of(EventCodec.toCloudEvent(envelope))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic).withKey(event.partitionKey()).withHeaders(headers).build())
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

    /**
     * Sends and waits for the acknowledgement.
     *
     * @throws IllegalStateException naming the event when the broker refused it or did not answer in time
     */
    public void sendAndAwait(Envelope<? extends ConveyorEvent> envelope) {
        ConveyorEvent event = envelope.event();
        awaitAll(List.of(send(envelope)), event.eventType().ceType() + " of " + event.partitionKey());
    }

    /**
     * Waits for every acknowledgement.
     *
     * @param what what the events are, for the error
     * @throws IllegalStateException when one was refused or not acknowledged within the timeout
     */
    public void awaitAll(List<CompletableFuture<Void>> acks, String what) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + what + " within " + ackTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        }
    }
}
