package dev.conveyor.ingest.domain;

import dev.conveyor.events.Envelope;

import java.util.List;

/** The port to the event bus. The Kafka adapter returns only after the broker acknowledged every event. */
public interface EventPublisher {

    /**
     * Publishes all envelopes and waits for the broker's acknowledgement of each.
     *
     * @throws PublishFailedException when any event was not acknowledged in time; the caller answers 503 so that the
     *                                provider redelivers
     */
    List<PublishedEvent> publish(List<Envelope<?>> envelopes) throws PublishFailedException;

    /** Where one event landed. */
    record PublishedEvent(String id, String type, String topic, String key, int partition, long offset) {
    }

    class PublishFailedException extends Exception {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
