package dev.conveyor.promoter.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.messaging.ConsumedEvent;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka edge: {@code ImageUpdated} (new freight at a first stage), {@code SyncCompleted}/{@code HealthChanged}
 * (promotions succeed or fail), control-repository pushes (pipelines reloaded). Each is handled on the engine thread
 * and the record is acknowledged only after that, so a crash redelivers it; the engine finds redelivered work done.
 * Work runs in the record's trace; {@link FreightTraces} puts what it does for a freight into the freight's trace.
 */
@ApplicationScoped
public class KafkaConsumers {

    private static final Logger LOG = Logger.getLogger(KafkaConsumers.class);

    private final PromoterCore core;
    private final PipelineStore pipelines;
    private final EventTracer tracer;

    public KafkaConsumers(PromoterCore core, PipelineStore pipelines, FreightTraces traces) {
        this.core = core;
        this.pipelines = pipelines;
        this.tracer = traces.tracer();
    }

    @Incoming("images")
    @Blocking(ordered = true)
    public void onImage(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record) {
        ConveyorEvent event = read(cloudEvent, "conveyor.images");
        if (event instanceof ImageUpdated u) handle(cloudEvent, record, () -> core.engine().onImageUpdated(u));
    }

    @Incoming("syncs")
    @Blocking(ordered = true)
    public void onSync(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record) {
        ConveyorEvent event = read(cloudEvent, "conveyor.syncs");
        if (event instanceof SyncCompleted s) {
            handle(cloudEvent, record, () -> core.engine().onSync(s.application(), s.revision(), s.result(), s.health(), s.message()));
        } else if (event instanceof HealthChanged h) {
            handle(cloudEvent, record, () -> {
                core.engine().onSync(h.application(), h.revision(), null, h.to(),
                        h.reasons().isEmpty() ? null : h.reasons().get(0).kind() + " " + h.reasons().get(0).name() + ": "
                                + h.reasons().get(0).message());
                core.health(h.application(), h.to());
            });
        }
    }

    @Incoming("commits")
    @Blocking(ordered = true)
    public void onCommit(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record) {
        ConveyorEvent event = read(cloudEvent, "conveyor.commits");
        if (event instanceof CommitPushed push && !push.deleted() && pipelines.isControlRepository(push)) {
            handle(cloudEvent, record, () -> {
                if (pipelines.reload(cloudEvent.getId())) core.engine().pipelinesChanged();
            });
        }
    }

    private static ConveyorEvent read(CloudEvent cloudEvent, String topic) {
        try {
            Envelope<ConveyorEvent> envelope = EventCodec.fromCloudEvent(cloudEvent);
            return envelope.event();
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable event %s on %s: %s", cloudEvent.getId(), topic, e.getMessage());
            return null;
        }
    }

    /** Runs {@code work} on the engine thread in the record's trace (only records the promoter acts on get a span). */
    private void handle(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record, Runnable work) {
        try (EventTracer.Traced handling = ConsumedEvent.process(tracer, cloudEvent, record)) {
            try {
                core.run(work);
            } catch (RuntimeException e) {
                handling.failed(e);
                LOG.errorf(e, "event %s (%s) could not be handled", cloudEvent.getId(), cloudEvent.getType());
            }
        }
    }
}
