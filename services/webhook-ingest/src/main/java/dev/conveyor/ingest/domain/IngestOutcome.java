package dev.conveyor.ingest.domain;

import dev.conveyor.ingest.domain.EventPublisher.PublishedEvent;

import java.util.List;

/** What became of one webhook. The HTTP adapter maps each kind to its status code; metrics count them by name. */
public sealed interface IngestOutcome {

    /** Metric and response label, e.g. {@code accepted}, {@code unauthorized}. */
    String label();

    /** Published and acknowledged by Kafka (202). */
    record Accepted(List<PublishedEvent> events) implements IngestOutcome {
        public String label() { return "accepted"; }
    }

    /** The same delivery was already published within the window (200, nothing published again). */
    record Duplicate(String deliveryId) implements IngestOutcome {
        public String label() { return "duplicate"; }
    }

    /** A ping, or an event we deliberately do not publish (200 with the reason). */
    record Ignored(String reason, boolean ping) implements IngestOutcome {
        public String label() { return ping ? "ping" : "ignored"; }
    }

    /** The receiver has no secret configured, so it refuses everything (404 with the reason). */
    record Disabled(String reason) implements IngestOutcome {
        public String label() { return "disabled"; }
    }

    /** Missing, forged or stale signature or token (401). The reason never includes a secret. */
    record Unauthorized(String reason) implements IngestOutcome {
        public String label() { return "unauthorized"; }
    }

    /** Body or headers malformed, or an unknown event kind (400 with the reason). */
    record Malformed(String reason) implements IngestOutcome {
        public String label() { return "malformed"; }
    }

    /** A content type no provider sends (415). */
    record UnsupportedMediaType(String reason) implements IngestOutcome {
        public String label() { return "unsupported_media_type"; }
    }

    /** Kafka did not acknowledge in time (503 with Retry-After: the provider redelivers). */
    record Unavailable(String reason) implements IngestOutcome {
        public String label() { return "unavailable"; }
    }
}
