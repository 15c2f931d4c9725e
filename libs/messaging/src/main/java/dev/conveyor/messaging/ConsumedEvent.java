package dev.conveyor.messaging;

import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * The start of a consumer's handling of one record: its {@code process <topic>} span, a child of the trace the record
 * was published in, current until closed. SmallRye's own messaging instrumentation is switched off in the services
 * ({@code quarkus.otel.instrument.messaging=false}) so that each hop is traced once, the same way in every service,
 * including the two that use the plain Kafka client.
 */
public final class ConsumedEvent {

    private ConsumedEvent() {
    }

    public static EventTracer.Traced process(EventTracer tracer, CloudEvent event, IncomingKafkaRecordMetadata<?, ?> record) {
        return tracer.process(record.getTopic(), record.getHeaders(), event.getType(), event.getId());
    }
}
