package dev.conveyor.promoter.adapter;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.PromotionApproved;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionHoldReleased;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.tracing.EventTracer;
import dev.conveyor.tracing.TraceHeaders;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One trace per change across the promoter's waits: the freight's trace, whatever made the promoter act now. */
class FreightTracesTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
            .build();
    private final FreightTraces traces = new FreightTraces(sdk);
    private final EventTracer other = new EventTracer(sdk, "test");

    private static final List<PromotionEvent.FreightImage> IMAGES =
            List.of(new PromotionEvent.FreightImage("registry.local/acme/payments-api", "1.1.0", null));
    private static final FreightCreated CREATED = new FreightCreated("payments", "dev", "f-0123456789abcdef", IMAGES, "image-updated");

    @AfterEach
    void close() {
        sdk.close();
    }

    static PromotionStarted started(String stage) {
        return new PromotionStarted("payments", stage, CREATED.freight(), IMAGES, PromotionEvent.Kind.AUTO,
                "payments-" + stage, "file:///apps", "main", "payments/overlays/" + stage, "abc", List.of(), false);
    }

    @Test
    void work_for_a_freight_goes_into_its_trace_and_links_what_triggered_it() {
        String imageTrace;
        try (EventTracer.Traced imageUpdate = other.start("process conveyor.images")) {
            imageTrace = imageUpdate.span().getSpanContext().getTraceId();
            traces.publishing(CREATED).close();
        }

        // A soak timer fires on no trace at all; an approval arrives in the API request's trace.
        traces.publishing(started("staging")).close();
        SpanContext request;
        try (EventTracer.Traced approval = other.start("POST /api/v1/pipelines/payments/stages/prod/approve")) {
            request = approval.span().getSpanContext();
            traces.publishing(new PromotionApproved("payments", "prod", CREATED.freight(), "alice", List.of("leads"))).close();
            traces.within("payments", CREATED.freight(), "write payments → prod").close();
        }

        assertThat(span("freight f-0123456789abcdef created in payments").getTraceId()).isEqualTo(imageTrace);
        assertThat(span("PromotionStarted payments/staging").getTraceId()).isEqualTo(imageTrace);
        SpanData approved = span("PromotionApproved payments/prod");
        assertThat(approved.getTraceId()).isEqualTo(imageTrace);
        assertThat(approved.getLinks()).extracting(l -> l.getSpanContext().getSpanId()).containsExactly(request.getSpanId());
        assertThat(span("write payments → prod").getTraceId()).isEqualTo(imageTrace);
    }

    @Test
    void work_in_the_freights_own_trace_is_a_plain_child_without_links() {
        try (EventTracer.Traced imageUpdate = other.start("process conveyor.images")) {
            traces.publishing(CREATED).close();
            traces.publishing(started("dev")).close();
        }
        SpanData started = span("PromotionStarted payments/dev");
        assertThat(started.getParentSpanId()).isEqualTo(span("process conveyor.images").getSpanId());
        assertThat(started.getLinks()).isEmpty();
    }

    @Test
    void after_a_restart_the_freights_trace_is_recovered_from_its_record() {
        RecordHeaders record = new RecordHeaders();
        String original;
        try (EventTracer.Traced before = other.start("the previous process")) {
            original = before.span().getSpanContext().getTraceId();
            TraceHeaders.inject(Context.current(), record);
        }
        FreightTraces restarted = new FreightTraces(sdk);
        restarted.replayed(CREATED, record);

        restarted.publishing(started("staging")).close();

        assertThat(span("PromotionStarted payments/staging").getTraceId()).isEqualTo(original);
    }

    @Test
    void events_without_freight_or_of_unknown_freight_stay_in_the_current_trace() {
        String current;
        try (EventTracer.Traced request = other.start("POST release")) {
            current = request.span().getSpanContext().getTraceId();
            traces.publishing(new PromotionHoldReleased("payments", "prod", "alice")).close();
            traces.publishing(started("prod")).close(); // freight this process never saw created
        }
        assertThat(span("PromotionHoldReleased payments/prod").getTraceId()).isEqualTo(current);
        assertThat(span("PromotionStarted payments/prod").getTraceId()).isEqualTo(current);
    }

    private SpanData span(String name) {
        return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported.getFinishedSpanItems()));
    }
}
