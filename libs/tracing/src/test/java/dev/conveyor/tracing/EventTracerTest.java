package dev.conveyor.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventTracerTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void a_record_handled_and_re_published_across_three_services_stays_in_one_trace() {
        EventTracer ingest = new EventTracer(sdk, "webhook-ingest");
        EventTracer syncer = new EventTracer(sdk, "syncer");
        EventTracer notifier = new EventTracer(sdk, "notifier");

        RecordHeaders pushed = new RecordHeaders();
        try (EventTracer.Traced webhook = ingest.start("POST /webhooks/gitea")) {
            ingest.send("conveyor.commits", "dev.conveyor.commit.pushed", "c1", pushed);
        }
        RecordHeaders synced = new RecordHeaders();
        try (EventTracer.Traced process = syncer.process("conveyor.commits", pushed, "dev.conveyor.commit.pushed", "c1");
             EventTracer.Traced sync = syncer.start("sync payments-dev")) {
            syncer.send("conveyor.syncs", "dev.conveyor.sync.completed", "s1", synced);
        }
        try (EventTracer.Traced deliver = notifier.process("conveyor.syncs", synced, "dev.conveyor.sync.completed", "s1")) {
            assertThat(TraceHeaders.toMap(Context.current())).containsKey("traceparent");
        }

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("POST /webhooks/gitea",
                "send conveyor.commits", "process conveyor.commits", "sync payments-dev", "send conveyor.syncs",
                "process conveyor.syncs");
        assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());
        SpanData send = byName(spans, "send conveyor.commits");
        SpanData process = byName(spans, "process conveyor.commits");
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(process.getParentSpanId()).as("the consumer's span is the producer's child").isEqualTo(send.getSpanId());
        assertThat(byName(spans, "sync payments-dev").getParentSpanId()).isEqualTo(process.getSpanId());
        assertThat(process.getAttributes().get(EventTracer.EVENT_TYPE)).isEqualTo("dev.conveyor.commit.pushed");
        assertThat(process.getInstrumentationScopeInfo().getName()).isEqualTo("dev.conveyor.syncer");
    }

    @Test
    void a_record_without_or_with_a_malformed_traceparent_starts_a_new_trace() {
        EventTracer tracer = new EventTracer(sdk, "syncer");
        RecordHeaders malformed = new RecordHeaders();
        malformed.add("traceparent", "00-not-a-trace-id-01".getBytes(StandardCharsets.UTF_8));
        try (EventTracer.Traced a = tracer.process("t", new RecordHeaders(), "x", "1")) {
            assertThat(a.span().getSpanContext().isValid()).isTrue();
        }
        try (EventTracer.Traced b = tracer.process("t", malformed, "x", "2")) {
            assertThat(b.span().getSpanContext().isValid()).isTrue();
        }
        List<SpanData> spans = exported.getFinishedSpanItems();
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).getTraceId()).isNotEqualTo(spans.get(1).getTraceId());
        assertThat(spans).allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    }

    @Test
    void injecting_replaces_the_trace_a_record_held() {
        EventTracer tracer = new EventTracer(sdk, "promoter");
        RecordHeaders headers = new RecordHeaders();
        try (EventTracer.Traced first = tracer.start("first")) {
            tracer.send("t", "x", "1", headers);
        }
        try (EventTracer.Traced second = tracer.start("second")) {
            tracer.send("t", "x", "1", headers);
            assertThat(headers.headers("traceparent")).hasSize(1);
            assertThat(TraceHeaders.spanContext(headers).orElseThrow().getTraceId())
                    .isEqualTo(second.span().getSpanContext().getTraceId());
        }
    }

    @Test
    void work_resumed_later_joins_the_change_it_belongs_to_and_links_what_triggered_it() {
        EventTracer tracer = new EventTracer(sdk, "promoter");
        Map<String, String> kept;
        try (EventTracer.Traced freight = tracer.start("freight created")) {
            kept = TraceHeaders.toMap(freight.context());
        }
        SpanContext approval;
        try (EventTracer.Traced request = tracer.start("POST approve")) {
            approval = request.span().getSpanContext();
            try (EventTracer.Traced resumed = tracer.start("promote to prod", TraceHeaders.fromMap(kept), List.of(approval))) {
                assertThat(resumed.span().getSpanContext().getTraceId())
                        .isEqualTo(Span.fromContext(TraceHeaders.fromMap(kept)).getSpanContext().getTraceId());
            }
        }
        SpanData resumed = byName(exported.getFinishedSpanItems(), "promote to prod");
        assertThat(resumed.getTraceId()).isEqualTo(byName(exported.getFinishedSpanItems(), "freight created").getTraceId());
        assertThat(resumed.getLinks()).extracting(l -> l.getSpanContext().getSpanId()).containsExactly(approval.getSpanId());
    }

    @Test
    void without_an_sdk_the_incoming_trace_still_travels_on() {
        EventTracer tracer = EventTracer.propagatingOnly("notifier");
        RecordHeaders in = new RecordHeaders();
        in.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        RecordHeaders out = new RecordHeaders();
        try (EventTracer.Traced t = tracer.process("t", in, "x", "1")) {
            tracer.send("u", "y", "2", out);
        }
        assertThat(TraceHeaders.spanContext(out).orElseThrow().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void a_context_round_trips_through_a_map() {
        Context none = Context.root();
        assertThat(TraceHeaders.toMap(none)).isEmpty();
        assertThat(TraceHeaders.toMap(none)).doesNotContainKey("traceparent");
        Map<String, String> carrier = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(TraceHeaders.toMap(TraceHeaders.fromMap(carrier))).containsEntry("traceparent", carrier.get("traceparent"));
    }

    private static SpanData byName(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
    }
}
