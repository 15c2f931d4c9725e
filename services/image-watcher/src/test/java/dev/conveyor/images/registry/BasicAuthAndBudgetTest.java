package dev.conveyor.images.registry;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Basic-auth registries (a {@code Basic realm} challenge, as a distribution registry with htpasswd answers) over real
 * HTTP on loopback, and the per-registry request budget.
 */
class BasicAuthAndBudgetTest {

    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("ci:pw".getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/team/app/tags/list", exchange -> {
            requests.incrementAndGet();
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"basic-realm\"");
                byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
            } else {
                byte[] body = "{\"name\":\"team/app\",\"tags\":[\"1.0.0\"]}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    DistributionRegistryClient client(int perMinute, Duration maxWait) {
        return new DistributionRegistryClient(new DistributionRegistryClient.Settings(Duration.ofSeconds(5), perMinute,
                maxWait, 0, Duration.ofSeconds(1), Set.of(), 100), (r, k, s) -> { }, Clock.systemUTC());
    }

    ImageRef image() {
        return ImageRef.parse("127.0.0.1:" + server.getAddress().getPort() + "/team/app");
    }

    @Test
    void answersABasicChallengeWithTheConfiguredCredentials() throws Exception {
        assertThat(client(600, Duration.ofSeconds(1)).tags(image(), new RegistryCredentials.Basic("ci", "pw")))
                .isEqualTo(List.of("1.0.0"));
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void withoutCredentialsABasicChallengeIsATerminalError() {
        assertThatThrownBy(() -> client(600, Duration.ofSeconds(1)).tags(image(), RegistryCredentials.ANONYMOUS))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("basic credentials");
                });
    }

    @Test
    void credentialsNeverAppearInMessages() {
        assertThat(new RegistryCredentials.Basic("ci", "s3cret-value").toString()).doesNotContain("s3cret-value");
        assertThat(new RegistryCredentials.Token("tok-123").toString()).doesNotContain("tok-123");
        assertThatThrownBy(() -> client(600, Duration.ofSeconds(1)).tags(image(), new RegistryCredentials.Basic("ci", "wrong-pw")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.getMessage()).doesNotContain("wrong-pw"));
    }

    @Test
    void anExhaustedBudgetRefusesInsteadOfCallingTheRegistry() throws Exception {
        DistributionRegistryClient client = client(2, Duration.ZERO);
        RegistryCredentials creds = new RegistryCredentials.Basic("ci", "pw");
        client.tags(image(), creds); // 401 + 200: the two requests of this minute
        int before = requests.get();
        assertThatThrownBy(() -> client.tags(image(), creds))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("budget");
                });
        assertThat(requests.get()).isEqualTo(before);
    }

    @Test
    void aPauseHoldsEveryRequestOfThatRegistry() throws Exception {
        RequestBudget budget = new RequestBudget(600, Clock.systemUTC());
        assertThat(budget.acquire(Duration.ZERO)).isTrue();
        budget.pauseUntil(Instant.now().plusSeconds(3600));
        assertThat(budget.acquire(Duration.ofMillis(50))).isFalse();
    }
}
