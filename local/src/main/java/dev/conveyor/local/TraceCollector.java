package dev.conveyor.local;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector's OTLP/HTTP trace endpoint ({@code POST /v1/traces}, protobuf, as the services' Quarkus
 * exporter sends it) on 127.0.0.1, keeping every span in memory — so the local stack can show, and {@code --once}
 * check, that one change is one trace across all five services. Decoding uses the OpenTelemetry project's own
 * generated protocol classes. With {@code CONVEYOR_LOCAL_OTLP_ENDPOINT} every export is also passed on, unchanged, to a
 * Jaeger or OpenTelemetry Collector, to look at the traces in its UI (docs/local.md).
 */
final class TraceCollector implements AutoCloseable {

    /** One finished span as exported; ids in lower-case hex, {@code parentSpanId} "" for a root. */
    record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name, long startNanos,
                         long endNanos, List<String> linkedTraceIds) {
        Duration duration() {
            return Duration.ofNanos(endNanos - startNanos);
        }
    }

    private final HttpServer server;
    private final List<CollectedSpan> spans = new CopyOnWriteArrayList<>();
    private final Optional<URI> forwardTo;
    private final HttpClient forwarder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile String lastForwardProblem;

    TraceCollector() throws IOException {
        this(Optional.empty());
    }

    /** @param forwardTo an OTLP/HTTP endpoint (its base URL) every export is passed on to as it came, e.g. Jaeger's */
    TraceCollector(Optional<URI> forwardTo) throws IOException {
        this.forwardTo = forwardTo;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", this::export);
        server.start();
    }

    /** The endpoint for {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (with protocol {@code http/protobuf}). */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What each service needs to export its spans here, promptly. */
    Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint().toString());
        env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        // The batch processor's default is 5 s; the demo shows traces as the change moves.
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "PT0.5S");
        return env;
    }

    private void export(HttpExchange exchange) throws IOException {
        try {
            receive(exchange);
        } catch (RuntimeException | LinkageError e) {
            // The JDK's server would drop the connection silently: say why, to the exporter and here.
            System.err.println("trace receiver: " + e);
            byte[] reason = String.valueOf(e).getBytes();
            exchange.sendResponseHeaders(500, reason.length);
            exchange.getResponseBody().write(reason);
            exchange.close();
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            ExportTraceServiceRequest request;
            try (InputStream in = body(exchange)) {
                byte[] bytes = in.readAllBytes();
                request = ExportTraceServiceRequest.parseFrom(bytes);
                forward(bytes);
            } catch (IOException e) {
                byte[] reason = ("not an OTLP ExportTraceServiceRequest: " + e.getMessage()).getBytes();
                exchange.sendResponseHeaders(400, reason.length);
                exchange.getResponseBody().write(reason);
                return;
            }
            for (ResourceSpans rs : request.getResourceSpansList()) {
                String service = attribute(rs.getResource().getAttributesList(), "service.name");
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (io.opentelemetry.proto.trace.v1.Span s : ss.getSpansList()) {
                        List<String> links = new ArrayList<>();
                        s.getLinksList().forEach(l -> links.add(hex(l.getTraceId())));
                        spans.add(new CollectedSpan(service, hex(s.getTraceId()), hex(s.getSpanId()),
                                hex(s.getParentSpanId()), s.getName(), s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
                                List.copyOf(links)));
                    }
                }
            }
            byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
            if (ok.length > 0) exchange.getResponseBody().write(ok);
        }
    }

    /** Passes an export on to the configured endpoint; a failure is reported once per kind and never stops the stack. */
    private void forward(byte[] export) {
        if (forwardTo.isEmpty()) return;
        HttpRequest request = HttpRequest.newBuilder(forwardTo.get().resolve("/v1/traces"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(export)).build();
        forwarder.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            String problem = error != null ? error.toString()
                    : response.statusCode() / 100 != 2 ? "HTTP " + response.statusCode() : null;
            if (problem != null && !problem.equals(lastForwardProblem)) {
                System.err.println("trace receiver: forwarding to " + forwardTo.get() + " failed: " + problem);
            }
            lastForwardProblem = problem;
        });
    }

    private static InputStream body(HttpExchange exchange) throws IOException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in = exchange.getRequestBody();
        return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) return kv.getValue().getStringValue();
        }
        return "?";
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    List<CollectedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Every span of one trace, in start order. */
    List<CollectedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId))
                .sorted(Comparator.comparingLong(CollectedSpan::startNanos)).toList();
    }

    /** Spans of the trace per service, in the order the services first appear. */
    Map<String, Integer> perService(String traceId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (CollectedSpan s : trace(traceId)) counts.merge(s.service(), 1, Integer::sum);
        return counts;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
