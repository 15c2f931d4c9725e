package dev.conveyor.local;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class TraceCollectorTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    static ExportTraceServiceRequest export(String service, String name, String spanId, String parent, String linkedTrace) {
        Span.Builder span = Span.newBuilder().setTraceId(bytes(TRACE)).setSpanId(bytes(spanId)).setName(name)
                .setStartTimeUnixNano(1_000_000_000L).setEndTimeUnixNano(1_250_000_000L);
        if (parent != null) span.setParentSpanId(bytes(parent));
        if (linkedTrace != null) span.addLinks(Span.Link.newBuilder().setTraceId(bytes(linkedTrace)).setSpanId(bytes("00f067aa0ba902b7")));
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static HttpResponse<String> post(URI endpoint, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve("/v1/traces"))
                .header("Content-Type", "application/x-protobuf");
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(body);
            }
            body = out.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        return HttpClient.newHttpClient().send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void spans_exported_over_otlp_http_are_kept_by_trace_with_their_service_parent_and_links() throws Exception {
        try (TraceCollector collector = new TraceCollector()) {
            assertThat(post(collector.endpoint(), export("webhook-ingest", "POST /webhooks/distribution",
                    "b7ad6b7169203331", null, null).toByteArray(), false).statusCode()).isEqualTo(200);
            assertThat(post(collector.endpoint(), export("promoter", "PromotionApproved payments/prod",
                    "00f067aa0ba902b8", "b7ad6b7169203331", "0af7651916cd43dd8448eb211c80319c").toByteArray(), true)
                    .statusCode()).isEqualTo(200);

            List<TraceCollector.CollectedSpan> trace = collector.trace(TRACE);
            assertThat(trace).extracting(TraceCollector.CollectedSpan::service).containsExactly("webhook-ingest", "promoter");
            assertThat(trace.get(0).parentSpanId()).isEmpty();
            assertThat(trace.get(1).parentSpanId()).isEqualTo("b7ad6b7169203331");
            assertThat(trace.get(1).linkedTraceIds()).containsExactly("0af7651916cd43dd8448eb211c80319c");
            assertThat(trace.get(0).duration().toMillis()).isEqualTo(250);
            assertThat(collector.perService(TRACE)).containsEntry("webhook-ingest", 1).containsEntry("promoter", 1);
            assertThat(ChangeTrace.summary(collector, TRACE)).startsWith("trace " + TRACE + ": 2 spans over 0.3 s");
        }
    }

    @Test
    void every_export_is_passed_on_unchanged_to_the_configured_endpoint() throws Exception {
        // The endpoint passed on to is another OTLP/HTTP receiver: what Jaeger or a collector would get.
        try (TraceCollector jaeger = new TraceCollector();
             TraceCollector collector = new TraceCollector(java.util.Optional.of(jaeger.endpoint()))) {
            post(collector.endpoint(), export("notifier", "notify slack", "b7ad6b7169203331", null, null).toByteArray(), true);

            assertThat(collector.trace(TRACE)).extracting(TraceCollector.CollectedSpan::name).containsExactly("notify slack");
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (jaeger.trace(TRACE).isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(jaeger.trace(TRACE)).extracting(TraceCollector.CollectedSpan::service).containsExactly("notifier");
        }
    }

    @Test
    void a_body_that_is_not_an_otlp_export_is_a_400_with_the_reason() throws Exception {
        try (TraceCollector collector = new TraceCollector()) {
            HttpResponse<String> response = post(collector.endpoint(), "{\"resourceSpans\":[]}".getBytes(), false);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).startsWith("not an OTLP ExportTraceServiceRequest");
            assertThat(collector.spans()).isEmpty();
        }
    }

    @Test
    void a_hop_missing_from_a_trace_is_named() throws Exception {
        try (TraceCollector collector = new TraceCollector()) {
            post(collector.endpoint(), export("syncer", "process conveyor.sync-requests", "b7ad6b7169203331", null, null)
                    .toByteArray(), false);
            List<ChangeTrace.Hop> hops = ChangeTrace.pushToSync(2);
            assertThat(ChangeTrace.missing(collector, TRACE, hops, java.time.Duration.ZERO)).containsExactly(
                    "webhook-ingest received the push", "webhook-ingest published CommitPushed",
                    "syncer routed the commit", "syncer synced application 2 of 2");
        }
    }
}
