package dev.conveyor.ingest;

import dev.conveyor.ingest.domain.IngestOutcome;
import dev.conveyor.ingest.domain.Provider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Every metric webhook-ingest exposes, named once here so dashboards and code cannot drift apart. */
@ApplicationScoped
public class IngestMetrics {

    /** {@code conveyor_ingest_requests_total{provider,outcome}}: every webhook by how it ended. */
    public static final String REQUESTS = "conveyor.ingest.requests";
    /** {@code conveyor_ingest_events_published_total{provider,type}}: events Kafka acknowledged. */
    public static final String EVENTS_PUBLISHED = "conveyor.ingest.events.published";
    /** {@code conveyor_ingest_publish_seconds}: from handing events to the producer to Kafka's acknowledgement. */
    public static final String PUBLISH_LATENCY = "conveyor.ingest.publish";

    private final MeterRegistry registry;
    private final Timer publishLatency;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder(PUBLISH_LATENCY)
                .description("Time from handing events to the Kafka producer to the broker's acknowledgement")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void request(Provider provider, IngestOutcome outcome) {
        Counter.builder(REQUESTS)
                .description("Webhook requests by provider and outcome")
                .tag("provider", provider.id())
                .tag("outcome", outcome.label())
                .register(registry)
                .increment();
    }

    public void published(String provider, String ceType) {
        Counter.builder(EVENTS_PUBLISHED)
                .description("Events acknowledged by Kafka")
                .tag("provider", provider)
                .tag("type", ceType)
                .register(registry)
                .increment();
    }

    public void publishLatency(Duration d) {
        publishLatency.record(d);
    }
}
