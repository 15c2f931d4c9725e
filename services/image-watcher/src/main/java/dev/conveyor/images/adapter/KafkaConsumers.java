package dev.conveyor.images.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.EventType;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.images.ImageWatcherMetrics;
import dev.conveyor.images.policy.ImagePolicy;
import dev.conveyor.images.registry.ImageRef;
import dev.conveyor.messaging.ConsumedEvent;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The Kafka edge. {@code ImageTagged} → the policies watching that image are checked at once (the webhook is a
 * trigger: the check re-reads the registry); {@code CommitPushed} to the control repository → policies reloaded.
 * Handlers never throw: a poisoned record is logged and skipped, and the interval scan covers anything missed. A
 * check triggered by a record runs in that record's trace, so the commit and events it leads to continue it.
 */
@ApplicationScoped
public class KafkaConsumers {

    private static final Logger LOG = Logger.getLogger(KafkaConsumers.class);

    private final PolicyStore policies;
    private final PolicyRunner runner;
    private final ImageWatcherMetrics metrics;
    private final EventTracer tracer;

    public KafkaConsumers(PolicyStore policies, PolicyRunner runner, ImageWatcherMetrics metrics, OpenTelemetry openTelemetry) {
        this.policies = policies;
        this.runner = runner;
        this.metrics = metrics;
        this.tracer = new EventTracer(openTelemetry, "image-watcher");
    }

    @Incoming("images")
    @Blocking(ordered = true)
    public void onImage(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record) {
        if (!EventType.IMAGE_TAGGED.ceType().equals(cloudEvent.getType())) return; // our own ImageUpdated shares the topic
        try (EventTracer.Traced handling = ConsumedEvent.process(tracer, cloudEvent, record)) {
            checkWatching(cloudEvent);
        }
    }

    private void checkWatching(CloudEvent cloudEvent) {
        Envelope<ConveyorEvent> envelope;
        try {
            envelope = EventCodec.fromCloudEvent(cloudEvent);
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable event %s on conveyor.images: %s", cloudEvent.getId(), e.getMessage());
            return;
        }
        if (!(envelope.event() instanceof ImageTagged tagged)) return; // our own ImageUpdated shares the topic
        List<ImagePolicy> watching;
        try {
            watching = policies.watching(ImageRef.parse(tagged.imageName()));
        } catch (IllegalArgumentException e) {
            LOG.warnf("ImageTagged %s names an image that cannot be parsed: %s", envelope.id(), e.getMessage());
            return;
        }
        for (ImagePolicy policy : watching) {
            metrics.trigger();
            try {
                runner.checkNow(policy, "ImageTagged " + tagged.tag());
            } catch (RuntimeException e) {
                LOG.errorf(e, "image policy %s: check after %s failed unexpectedly", policy.name(), envelope.id());
            }
        }
    }

    @Incoming("commits")
    @Blocking(ordered = true)
    public void onCommit(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record) {
        try {
            Envelope<ConveyorEvent> envelope = EventCodec.fromCloudEvent(cloudEvent);
            if (envelope.event() instanceof CommitPushed push && !push.deleted() && policies.isControlRepository(push)) {
                // Only the pushes this service acts on get a span: the policies it reloads and checks continue that trace.
                try (EventTracer.Traced handling = ConsumedEvent.process(tracer, cloudEvent, record)) {
                    runner.declarationsChanged(envelope.id());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping commit event %s: %s", cloudEvent.getId(), e.getMessage());
        }
    }
}
