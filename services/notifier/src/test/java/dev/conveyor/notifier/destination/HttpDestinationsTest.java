package dev.conveyor.notifier.destination;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.conveyor.notifier.delivery.Message;
import dev.conveyor.notifier.delivery.Notification;
import dev.conveyor.notifier.delivery.Phase;
import dev.conveyor.notifier.subscription.DestinationKind;
import dev.conveyor.notifier.subscription.InboundEvent;
import dev.conveyor.notifier.subscription.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each adapter against a local HTTP server: the request it makes and how it reads the answer. */
class HttpDestinationsTest {

    HttpServer server;
    String base;
    volatile int status = 200;
    volatile String answer = "ok";
    volatile String retryAfter;
    volatile long delayMs;
    final AtomicReference<String> lastPath = new AtomicReference<>();
    final AtomicReference<byte[]> lastBody = new AtomicReference<>();
    final AtomicReference<com.sun.net.httpserver.Headers> lastHeaders = new AtomicReference<>();
    final HttpPoster http = new HttpPoster(Duration.ofMillis(500));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            lastPath.set(ex.getRequestURI().getPath());
            lastHeaders.set(ex.getRequestHeaders());
            lastBody.set(ex.getRequestBody().readAllBytes());
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (retryAfter != null) ex.getResponseHeaders().add("Retry-After", retryAfter);
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            } catch (IOException e) {
                // client went away after its timeout
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static Notification notification(Phase phase, Subscription.PagerDutyMode mode) {
        InboundEvent e = new InboundEvent("ev-1", "dev.conveyor.health.changed.v1", "/syncer", "payments-api",
                OffsetDateTime.of(2026, 11, 30, 10, 0, 0, 0, ZoneOffset.UTC),
                Map.of("application", "payments-api", "to", "DEGRADED"), "{\"application\":\"payments-api\",\"to\":\"DEGRADED\"}"
                .getBytes(StandardCharsets.UTF_8));
        return new Notification("d-1", List.of("d-1"), "payments-health", "dest", DestinationKind.PAGERDUTY, mode, phase,
                "health/payments-api", null, "critical", List.of(e), new Message("payments-api is DEGRADED",
                "api: CrashLoopBackOff", List.of(new Message.Link("Commit", "https://github.com/acme/p/commit/abc1234")),
                Map.of("Application", "payments-api")));
    }

    JsonNode body() throws IOException {
        return new ObjectMapper().readTree(lastBody.get());
    }

    @Test
    void statusCodesSayWhetherToRetry() {
        URI uri = URI.create(base + "/x");
        status = 500;
        assertThatThrownBy(() -> http.post("d", uri, "application/json", new byte[0], Map.of()))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.terminal()).isFalse());
        status = 429;
        retryAfter = "7";
        assertThatThrownBy(() -> http.post("d", uri, "application/json", new byte[0], Map.of()))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
        retryAfter = null;
        status = 404;
        assertThatThrownBy(() -> http.post("d", uri, "application/json", new byte[0], Map.of()))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.terminal()).isTrue());
        status = 200;
        delayMs = 1500;
        assertThatThrownBy(() -> http.post("d", uri, "application/json", new byte[0], Map.of()))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.terminal()).isFalse();
                    assertThat(e.getMessage()).contains("timed out");
                });
    }

    @Test
    void errorsNeverShowTheSecretUrl() {
        Secret url = Secret.of(base + "/hooks/T123/SECRET-PART");
        status = 403;
        answer = "invalid token for " + url.reveal();
        TeamsNotifier teams = new TeamsNotifier("teams-ops", http, url);
        assertThatThrownBy(() -> teams.send(notification(Phase.TRIGGER, Subscription.PagerDutyMode.INCIDENT)))
                .hasMessageContaining("teams-ops").hasMessageNotContaining("SECRET-PART");
        assertThat(url.toString()).isEqualTo("****");
    }

    @Test
    void pagerDutyTriggerResolveAndChange() throws Exception {
        status = 202;
        PagerDutyNotifier pd = new PagerDutyNotifier("pd", http, Secret.of("RK"), base + "/", "conveyor");
        pd.send(notification(Phase.TRIGGER, Subscription.PagerDutyMode.INCIDENT));
        assertThat(lastPath.get()).isEqualTo("/v2/enqueue");
        JsonNode t = body();
        assertThat(t.path("routing_key").asText()).isEqualTo("RK");
        assertThat(t.path("event_action").asText()).isEqualTo("trigger");
        assertThat(t.path("dedup_key").asText()).isEqualTo("health/payments-api");
        assertThat(t.path("payload").path("summary").asText()).isEqualTo("payments-api is DEGRADED");
        assertThat(t.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(t.path("payload").path("source").asText()).isEqualTo("payments-api");
        assertThat(t.path("payload").path("timestamp").asText()).isEqualTo("2026-11-30T10:00Z");
        assertThat(t.path("links").get(0).path("href").asText()).isEqualTo("https://github.com/acme/p/commit/abc1234");

        pd.send(notification(Phase.RESOLVE, Subscription.PagerDutyMode.INCIDENT));
        JsonNode r = body();
        assertThat(r.path("event_action").asText()).isEqualTo("resolve");
        assertThat(r.path("dedup_key").asText()).isEqualTo("health/payments-api");
        assertThat(r.has("payload")).isFalse();

        pd.send(notification(Phase.TRIGGER, Subscription.PagerDutyMode.CHANGE));
        assertThat(lastPath.get()).isEqualTo("/v2/change/enqueue");
        assertThat(body().path("payload").path("summary").asText()).isEqualTo("payments-api is DEGRADED");
        assertThat(body().has("event_action")).isFalse();
    }

    @Test
    void slackBotThreadsAndReadsOkFalse() throws Exception {
        answer = "{\"ok\":true,\"ts\":\"111.222\"}";
        SlackNotifier slack = new SlackNotifier("slack", http, Optional.empty(), Optional.of(Secret.of("xoxb-1")),
                Optional.of("C1"), URI.create(base + "/api"), (d, k) -> Optional.empty());
        assertThat(slack.send(notification(Phase.TRIGGER, Subscription.PagerDutyMode.INCIDENT)).thread()).isEqualTo("111.222");
        assertThat(lastPath.get()).isEqualTo("/api/chat.postMessage");
        assertThat(lastHeaders.get().getFirst("Authorization")).isEqualTo("Bearer xoxb-1");
        assertThat(body().path("blocks").get(0).path("type").asText()).isEqualTo("header");

        SlackNotifier threaded = new SlackNotifier("slack", http, Optional.empty(), Optional.of(Secret.of("xoxb-1")),
                Optional.of("C1"), URI.create(base + "/api"), (d, k) -> Optional.of("111.222"));
        answer = "{\"ok\":true,\"ts\":\"333.444\"}";
        assertThat(threaded.send(notification(Phase.RESOLVE, Subscription.PagerDutyMode.INCIDENT)).thread()).isEqualTo("111.222");
        assertThat(body().path("thread_ts").asText()).isEqualTo("111.222");
        assertThat(body().path("text").asText()).isEqualTo("Resolved: payments-api is DEGRADED");

        answer = "{\"ok\":false,\"error\":\"channel_not_found\"}";
        assertThatThrownBy(() -> slack.send(notification(Phase.TRIGGER, Subscription.PagerDutyMode.INCIDENT)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.terminal()).isTrue());
        answer = "{\"ok\":false,\"error\":\"ratelimited\"}";
        assertThatThrownBy(() -> slack.send(notification(Phase.TRIGGER, Subscription.PagerDutyMode.INCIDENT)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.terminal()).isFalse());
    }

    @Test
    void webhookSignsTheExactBytes() throws Exception {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC);
        new WebhookNotifier("hook", http, Secret.of(base + "/hook"), Secret.of("key"), clock)
                .send(notification(Phase.TRIGGER, Subscription.PagerDutyMode.INCIDENT));
        assertThat(lastHeaders.get().getFirst("Content-Type")).isEqualTo("application/cloudevents+json");
        assertThat(lastHeaders.get().getFirst(WebhookNotifier.TIMESTAMP)).isEqualTo("1767225600");
        assertThat(lastHeaders.get().getFirst(WebhookNotifier.DELIVERY)).isEqualTo("d-1");
        String signature = lastHeaders.get().getFirst(WebhookNotifier.SIGNATURE);
        assertThat(WebhookNotifier.verify("key", "1767225600", lastBody.get(), signature)).isTrue();
        assertThat(WebhookNotifier.verify("key", "1767225601", lastBody.get(), signature)).isFalse();
        // A receiver in any language computes the same: hex HMAC-SHA256 over "<timestamp>." + body.
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update("1767225600.".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(lastBody.get())));
        JsonNode ce = body();
        assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.path("data").path("to").asText()).isEqualTo("DEGRADED");
    }
}
