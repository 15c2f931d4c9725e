package dev.conveyor.local;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.tracing.TraceHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.opentelemetry.api.trace.SpanContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Every Conveyor event on the local broker since the log opened, in arrival order, as a service reads them; the demo
 * waits on it step by step and checks the order of what happened.
 */
final class EventLog implements AutoCloseable {

    /** An event, when it arrived (System.nanoTime) and the trace it was published in ("" for none). */
    record Entry(ConveyorEvent event, String type, long at, String traceId) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final Thread thread;

    EventLog(String bootstrap, Collection<String> topics) {
        CloudEventDeserializer values = new CloudEventDeserializer();
        values.configure(Map.of(), false);
        KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "conveyor-local-demo-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), values);
        thread = new Thread(() -> {
            consumer.subscribe(topics);
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(50));
                if (!consumer.assignment().isEmpty()) assigned.countDown();
                for (ConsumerRecord<String, CloudEvent> r : records) {
                    try {
                        ConveyorEvent e = EventCodec.fromCloudEvent(r.value()).event();
                        synchronized (entries) {
                            entries.add(new Entry(e, r.value().getType(), System.nanoTime(),
                                    TraceHeaders.spanContext(r.headers()).map(SpanContext::getTraceId).orElse("")));
                            entries.notifyAll();
                        }
                    } catch (RuntimeException unknown) {
                        // another producer's event type: not part of the demo
                    }
                }
            }
            consumer.close();
        }, "demo-event-log");
        thread.setDaemon(true);
        thread.start();
    }

    boolean awaitAssigned(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The first event (in arrival order) that matches; fails after {@code timeout}. */
    Entry awaitEntry(Predicate<ConveyorEvent> match, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (entries) {
            while (true) {
                for (Entry e : entries) if (match.test(e.event())) return e;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new IllegalStateException("no " + what + " within " + timeout);
                entries.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The trace the first event that matches was published in ("" for none); fails after {@code timeout}. */
    String traceOf(Predicate<ConveyorEvent> match, Duration timeout, String what) throws InterruptedException {
        return awaitEntry(match, timeout, what).traceId();
    }

    /** The first event of {@code type} that matches; fails after {@code timeout}. */
    <T extends ConveyorEvent> T await(Class<T> type, Predicate<T> match, Duration timeout, String what)
            throws InterruptedException {
        return type.cast(awaitEntry(e -> type.isInstance(e) && match.test(type.cast(e)), timeout, what).event());
    }

    /**
     * When the application was first Healthy at {@code revision}: a {@code SyncCompleted} that says so, or the
     * {@code HealthChanged} that followed a sync reporting Progressing (the rollout finished after the sync ended).
     */
    long healthyAt(String application, String revision, Duration timeout) throws InterruptedException {
        return awaitEntry(e -> e instanceof SyncCompleted s && s.application().equals(application)
                        && revision.equals(s.revision()) && s.health() == SyncCompleted.Health.HEALTHY
                        || e instanceof HealthChanged h && h.application().equals(application)
                        && revision.equals(h.revision()) && h.to() == SyncCompleted.Health.HEALTHY,
                timeout, application + " healthy at " + revision).at();
    }

    /** Every event so far. */
    List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Position of the first matching event, or -1. */
    int indexOf(Predicate<ConveyorEvent> match) {
        List<Entry> all = entries();
        for (int i = 0; i < all.size(); i++) if (match.test(all.get(i).event())) return i;
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
