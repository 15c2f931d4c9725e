package dev.conveyor.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for Slack's incoming webhook and PagerDuty's Events API v2 on 127.0.0.1: they answer as those
 * services do (200 {@code ok}, 202 with a status) and print what the notifier sent, so the demo shows the messages
 * people would get.
 */
final class Receivers implements AutoCloseable {

    /** One request the notifier made, and the trace it was made in (its {@code traceparent}; "" for none). */
    record Received(String destination, String path, String body, String traceId) {
    }

    private static final Pattern TEXT = Pattern.compile("\"(?:text|summary)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Receivers(Consumer<String> out) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/slack", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received("slack", exchange.getRequestURI().getPath(), body, traceId(exchange)));
            out.accept("  💬 Slack    " + firstText(body));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.createContext("/pagerduty", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received("pagerduty", path, body, traceId(exchange)));
            String action = path.endsWith("/change/enqueue") ? "change event" : field(body, "event_action");
            out.accept("  📟 PagerDuty " + action + ": " + firstText(body));
            byte[] ok = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"local\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(202, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
    }

    URI slackUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slack/services/T000/B000/local");
    }

    URI pagerDutyBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pagerduty");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private static String traceId(HttpExchange exchange) {
        String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
        return traceparent != null && traceparent.length() >= 35 ? traceparent.substring(3, 35) : "";
    }

    private static String firstText(String body) {
        Matcher m = TEXT.matcher(body);
        return m.find() ? m.group(1).replace("\\n", " ").replace("\\\"", "\"") : body.length() > 120 ? body.substring(0, 120) + "…" : body;
    }

    private static String field(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
        return m.find() ? m.group(1) : "?";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
