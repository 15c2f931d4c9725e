package dev.conveyor.ingest.adapter;

import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.ingest.IngestConfig;
import dev.conveyor.ingest.IngestMetrics;
import dev.conveyor.ingest.domain.EventPublisher;
import dev.conveyor.tracing.EventTracer;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.cloudevents.kafka.CloudEventSerializer;
import io.cloudevents.core.message.Encoding;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events as CloudEvents in binary mode ({@code ce_*} headers, JSON value) with an idempotent producer and
 * {@code acks=all}, and waits for the acknowledgement: webhook-ingest answers 202 only for what the broker has.
 */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {

    private final KafkaProducer<String, CloudEvent> producer;
    private final Duration timeout;
    private final IngestMetrics metrics;
    private final EventTracer tracer;

    public KafkaEventPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                               IngestConfig config, IngestMetrics metrics, OpenTelemetry openTelemetry) {
        this.timeout = config.publish().timeout();
        this.metrics = metrics;
        this.tracer = new EventTracer(openTelemetry, "webhook-ingest");
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "conveyor-webhook-ingest");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        // Fail fast enough that the provider gets a 503 before its own timeout, instead of hanging on a dead broker.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 1);
        props.put(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY);
        CloudEventSerializer serializer = new CloudEventSerializer();
        serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), serializer);
    }

    @Override
    public List<PublishedEvent> publish(List<Envelope<?>> envelopes) throws PublishFailedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(envelopes.size());
        List<ProducerRecord<String, CloudEvent>> records = new ArrayList<>(envelopes.size());
        try {
            for (Envelope<?> envelope : envelopes) {
                ProducerRecord<String, CloudEvent> record = EventCodec.toRecord(envelope);
                // The webhook's HTTP span is current here: the change's trace starts with the push that caused it.
                tracer.send(record.topic(), envelope.type().ceType(), envelope.id(), record.headers());
                records.add(record);
                acks.add(producer.send(record));
            }
            List<PublishedEvent> published = new ArrayList<>(envelopes.size());
            for (int i = 0; i < acks.size(); i++) {
                long left = Math.max(0, deadline - System.nanoTime());
                RecordMetadata md = acks.get(i).get(left, TimeUnit.NANOSECONDS);
                Envelope<?> e = envelopes.get(i);
                published.add(new PublishedEvent(e.id(), e.type().ceType(), md.topic(), records.get(i).key(),
                        md.partition(), md.offset()));
            }
            metrics.publishLatency(Duration.ofNanos(System.nanoTime() - start));
            return published;
        } catch (ExecutionException e) {
            throw new PublishFailedException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException("no acknowledgement within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new PublishFailedException(e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
