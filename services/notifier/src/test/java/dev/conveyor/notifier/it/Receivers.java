package dev.conveyor.notifier.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local HTTP receivers on 127.0.0.1 standing in for Slack, PagerDuty, Teams and webhook endpoints: they record every
 * request and answer as the real service does (Slack's chat.postMessage answers {@code ok} and a {@code ts}), or as
 * scripted for failure injection (status, Retry-After, a delay longer than the notifier's timeout).
 */
public class Receivers implements QuarkusTestResourceLifecycleManager {

    public record Request(String path, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    public record Reply(int status, String retryAfter, long delayMs) {
    }

    static final Map<String, Queue<Request>> REQUESTS = new ConcurrentHashMap<>();
    static final Map<String, Queue<Reply>> SCRIPTS = new ConcurrentHashMap<>();
    static final Map<String, Long> DELAYS = new ConcurrentHashMap<>();
    static final AtomicLong TS = new AtomicLong(1_700_000_000_000100L);
    static HttpServer server;
    static String base;

    public static final String SIGNING_KEY = "whsec-test-key";
    public static final String ROUTING_KEY = "R0UTINGKEY0123456789012345678901";
    public static final String SLACK_TOKEN = "xoxb-test-token";

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", Receivers::handle);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
            base = "http://127.0.0.1:" + server.getAddress().getPort();
        }
        Map<String, String> config = new LinkedHashMap<>();
        String d = "conveyor.notifier.destinations.";
        config.put(d + "slack-bot.kind", "slack");
        config.put(d + "slack-bot.token", SLACK_TOKEN);
        config.put(d + "slack-bot.channel", "C0DEPLOYS");
        config.put(d + "slack-bot.api-url", base + "/slack-api");
        config.put(d + "slack-hook.kind", "slack");
        config.put(d + "slack-hook.url", base + "/slack-hook/T000/B000/XXXX");
        config.put(d + "pd.kind", "pagerduty");
        config.put(d + "pd.routing-key", ROUTING_KEY);
        config.put(d + "pd.base-url", base + "/pd");
        config.put(d + "teams.kind", "teams");
        config.put(d + "teams.url", base + "/teams/workflow");
        for (String hook : List.of("hook", "flaky", "down", "rejecting", "counting", "slow")) {
            config.put(d + hook + ".kind", "webhook");
            config.put(d + hook + ".url", base + "/" + hook);
            config.put(d + hook + ".signing-key", SIGNING_KEY);
        }
        // The built-in catalogue goes to its own receivers, so the scenarios' counts stay their own.
        config.put(d + "slack-defaults.kind", "slack");
        config.put(d + "slack-defaults.url", base + "/slack-defaults/T000/B111/YYYY");
        config.put(d + "pd-defaults.kind", "pagerduty");
        config.put(d + "pd-defaults.routing-key", ROUTING_KEY);
        config.put(d + "pd-defaults.base-url", base + "/pd-defaults");
        config.put("conveyor.notifier.defaults.destinations", "slack-defaults,pd-defaults");
        config.put("conveyor.notifier.defaults.digest-window", "PT1S");
        config.put("conveyor.notifier.links.application-url", "https://conveyor.example.com/applications/{application}");
        return config;
    }

    private static void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        String key = path.split("/")[1];
        Reply reply = SCRIPTS.getOrDefault(key, new ConcurrentLinkedQueue<>()).poll();
        long delay = reply != null ? reply.delayMs() : DELAYS.getOrDefault(key, 0L);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        REQUESTS.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(new Request(path, headers, body));
        int status = reply != null ? reply.status() : key.startsWith("pd") || key.equals("teams") ? 202 : 200;
        String answer = key.equals("slack-api")
                ? "{\"ok\":true,\"channel\":\"C0DEPLOYS\",\"ts\":\"" + ts() + "\"}"
                : key.startsWith("pd") ? "{\"status\":\"success\",\"message\":\"Event processed\"}" : "ok";
        if (reply != null && reply.retryAfter() != null) exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        } catch (IOException e) {
            // the notifier timed out and went away: that is the point of a slow reply
        }
    }

    private static String ts() {
        long t = TS.incrementAndGet();
        return (t / 1_000_000) + "." + String.format("%06d", t % 1_000_000);
    }

    /** Requests received on a receiver (the first path segment), in arrival order. */
    public static List<Request> received(String receiver) {
        return new ArrayList<>(REQUESTS.getOrDefault(receiver, new ConcurrentLinkedQueue<>()));
    }

    public static void script(String receiver, Reply... replies) {
        SCRIPTS.computeIfAbsent(receiver, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
    }

    @Override
    public void stop() {
        // Shared for the JVM.
    }
}
