package dev.conveyor.syncer.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.messaging.ConsumedEvent;
import dev.conveyor.syncer.SyncerMetrics;
import dev.conveyor.syncer.app.Application;
import dev.conveyor.syncer.engine.CommitRouter;
import dev.conveyor.syncer.engine.SyncEngine;
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
 * The Kafka edge. {@code CommitPushed} → which applications it concerns → one {@code SyncRequested} each, keyed by
 * application; {@code SyncRequested} → the engine, one at a time per partition, so one application is never synced
 * twice at once and replicas split applications by partition. Handlers never throw: a poisoned record is logged and
 * skipped rather than stopping the consumer. Each record is handled in a span of the trace it was published in, so the
 * requests and results it leads to continue the change's trace.
 */
@ApplicationScoped
public class KafkaConsumers {

    private static final Logger LOG = Logger.getLogger(KafkaConsumers.class);

    private final SyncEngine engine;
    private final DeclarationStore declarations;
    private final KafkaEvents events;
    private final SyncerMetrics metrics;
    private final EventTracer tracer;
    private final ApplicationTraces traces;

    public KafkaConsumers(SyncEngine engine, DeclarationStore declarations, KafkaEvents events, SyncerMetrics metrics,
                          OpenTelemetry openTelemetry, ApplicationTraces traces) {
        this.engine = engine;
        this.declarations = declarations;
        this.events = events;
        this.metrics = metrics;
        this.tracer = new EventTracer(openTelemetry, "syncer");
        this.traces = traces;
    }

    @Incoming("commits")
    @Blocking(ordered = true)
    public void onCommit(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record) {
        try (EventTracer.Traced handling = ConsumedEvent.process(tracer, cloudEvent, record)) {
            routeCommit(cloudEvent);
        }
    }

    private void routeCommit(CloudEvent cloudEvent) {
        Envelope<ConveyorEvent> envelope;
        try {
            envelope = EventCodec.fromCloudEvent(cloudEvent);
        } catch (RuntimeException e) {
            LOG.warnf("skipping unreadable event %s on conveyor.commits: %s", cloudEvent.getId(), e.getMessage());
            return;
        }
        if (!(envelope.event() instanceof CommitPushed push)) return;
        try {
            if (declarations.isControlRepository(push)) {
                declarations.reload(envelope.id());
            }
            List<Application> affected = CommitRouter.affected(push, declarations.all());
            metrics.commitRouted(affected.size());
            for (Application app : affected) {
                SyncRequested work = new SyncRequested(app.name(), SyncRequested.Trigger.COMMIT, push.after(), false, envelope.id());
                // Same commit event → same work id, so a redelivered push de-duplicates downstream.
                events.publishWithId(work, envelope.id() + "/" + app.name());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not route commit event %s", envelope.id());
        }
    }

    @Incoming("sync-requests")
    @Blocking(ordered = true)
    public void onSyncRequest(CloudEvent cloudEvent, IncomingKafkaRecordMetadata<String, CloudEvent> record) {
        try (EventTracer.Traced handling = ConsumedEvent.process(tracer, cloudEvent, record)) {
            Envelope<ConveyorEvent> envelope = EventCodec.fromCloudEvent(cloudEvent);
            if (envelope.event() instanceof SyncRequested request) {
                handling.attribute("conveyor.application", request.application());
                traces.synced(request.application(), handling.context());
                SyncEngine.Outcome outcome = engine.handle(request, envelope.id());
                handling.attribute("conveyor.sync.outcome", outcome.name());
                LOG.debugf("sync %s of %s: %s", request.trigger(), request.application(), outcome);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "sync request %s failed unexpectedly", cloudEvent.getId());
        }
    }
}
