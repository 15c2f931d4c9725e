package dev.conveyor.messaging;

import dev.conveyor.events.Envelope;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.events.Topics;
import dev.conveyor.tracing.EventTracer;
import dev.conveyor.tracing.TraceHeaders;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventEmitterTest {

    /** Records what it is given; the test acknowledges or refuses each message as the broker would. */
    static final class RecordingEmitter implements Emitter<CloudEvent> {
        final List<Message<CloudEvent>> sent = new ArrayList<>();
        Boolean answer = true;

        @Override
        public CompletionStage<Void> send(CloudEvent payload) {
            throw new UnsupportedOperationException("EventEmitter sends messages with metadata");
        }

        @Override
        public <M extends Message<? extends CloudEvent>> void send(M msg) {
            @SuppressWarnings("unchecked") Message<CloudEvent> m = (Message<CloudEvent>) msg;
            sent.add(m);
            if (Boolean.TRUE.equals(answer)) m.ack();
            else if (Boolean.FALSE.equals(answer)) m.nack(new IllegalStateException("NOT_ENOUGH_REPLICAS"));
        }

        @Override public void complete() { }
        @Override public void error(Exception e) { }
        @Override public boolean isCancelled() { return false; }
        @Override public boolean hasRequests() { return true; }
    }

    private static final Envelope<SyncRequested> REQUEST = new Envelope<>("sync-1", URI.create("/conveyor/syncer"),
            OffsetDateTime.now(ZoneOffset.UTC), new SyncRequested("payments-dev", SyncRequested.Trigger.COMMIT, "abc", false, "c1"));

    @Test
    void an_event_goes_to_its_topic_under_its_key_within_the_current_trace() {
        RecordingEmitter emitter = new RecordingEmitter();
        EventTracer tracer = EventTracer.propagatingOnly("syncer");
        RecordHeaders incoming = new RecordHeaders();
        incoming.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));

        try (EventTracer.Traced handling = tracer.process(Topics.COMMITS, incoming, "dev.conveyor.commit.pushed", "c1")) {
            new EventEmitter(emitter, tracer).sendAndAwait(REQUEST);
        }

        Message<CloudEvent> message = emitter.sent.get(0);
        assertThat(message.getPayload().getId()).isEqualTo("sync-1");
        assertThat(message.getPayload().getType()).isEqualTo(REQUEST.event().eventType().ceType());
        @SuppressWarnings("unchecked")
        OutgoingKafkaRecordMetadata<String> md = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(md.getTopic()).isEqualTo(Topics.SYNC_REQUESTS);
        assertThat(md.getKey()).isEqualTo("payments-dev");
        assertThat(TraceHeaders.spanContext(md.getHeaders()).orElseThrow().getTraceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void a_refusal_or_silence_of_the_broker_is_an_error_that_names_the_event() {
        RecordingEmitter refusing = new RecordingEmitter();
        refusing.answer = false;
        assertThatThrownBy(() -> new EventEmitter(refusing, EventTracer.propagatingOnly("x")).sendAndAwait(REQUEST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refused " + REQUEST.event().eventType().ceType() + " of payments-dev")
                .hasMessageContaining("NOT_ENOUGH_REPLICAS");

        RecordingEmitter silent = new RecordingEmitter();
        silent.answer = null;
        assertThatThrownBy(() -> new EventEmitter(silent, EventTracer.propagatingOnly("x"), Duration.ofMillis(50)).sendAndAwait(REQUEST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not acknowledge");
    }

    @Test
    void two_events_of_one_fact_are_awaited_together() {
        RecordingEmitter emitter = new RecordingEmitter();
        EventEmitter events = new EventEmitter(emitter, EventTracer.propagatingOnly("x"));
        CompletableFuture<Void> a = events.send(REQUEST);
        CompletableFuture<Void> b = events.send(REQUEST);
        events.awaitAll(List.of(a, b), "both");
        assertThat(emitter.sent).hasSize(2);
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
    }
}
