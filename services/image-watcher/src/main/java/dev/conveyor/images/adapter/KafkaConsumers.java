package dev.conveyor.images.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.images.ImageWatcherMetrics;
import dev.conveyor.images.policy.ImagePolicy;
import dev.conveyor.images.registry.ImageRef;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The Kafka edge. {@code ImageTagged} → the policies watching that image are checked at once (the webhook is a
 * trigger: the check re-reads the registry); {@code CommitPushed} to the control repository → policies reloaded.
 * Handlers never throw: a poisoned record is logged and skipped, and the interval scan covers anything missed.
 */
@ApplicationScoped
public class KafkaConsumers {

    private static final Logger LOG = Logger.getLogger(KafkaConsumers.class);

    private final PolicyStore policies;
    private final PolicyRunner runner;
    private final ImageWatcherMetrics metrics;

    public KafkaConsumers(PolicyStore policies, PolicyRunner runner, ImageWatcherMetrics metrics) {
        this.policies = policies;
        this.runner = runner;
        this.metrics = metrics;
    }

    @Incoming("images")
    @Blocking(ordered = true)
    public void onImage(CloudEvent cloudEvent) {
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
    public void onCommit(CloudEvent cloudEvent) {
        try {
            Envelope<ConveyorEvent> envelope = EventCodec.fromCloudEvent(cloudEvent);
            if (envelope.event() instanceof CommitPushed push && !push.deleted() && policies.isControlRepository(push)) {
                runner.declarationsChanged(envelope.id());
            }
        } catch (RuntimeException e) {
            LOG.warnf("skipping commit event %s: %s", cloudEvent.getId(), e.getMessage());
        }
    }
}
