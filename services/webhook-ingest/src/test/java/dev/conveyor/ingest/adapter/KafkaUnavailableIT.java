package dev.conveyor.ingest.adapter;

import dev.conveyor.ingest.SignedWebhooks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no broker to take the event, a webhook is answered 503 with Retry-After (the provider redelivers later) and
 * readiness is DOWN. The broker address is a loopback port that nothing listens on.
 */
@QuarkusTest
@TestProfile(KafkaUnavailableIT.NoBroker.class)
class KafkaUnavailableIT {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "conveyor.ingest.publish.timeout", "PT2S",
                    "conveyor.ingest.publish.retry-after", "PT30S");
        }

        private static int closedPort() {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort(); // closed again when this returns: nothing listens there
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void webhookIs503WithRetryAfterAndTheRedeliveryIsNotMistakenForADuplicate() {
        SignedWebhooks.Webhook webhook = SignedWebhooks.forFixture("github/push-branch-update.go-scm.json");
        HttpResponse<String> response = webhook.send(base);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
        assertThat(response.body()).contains("unavailable");
        // The provider's redelivery of the same delivery id is tried again, not acknowledged as already published.
        HttpResponse<String> redelivery = webhook.send(base);
        assertThat(redelivery.statusCode()).isEqualTo(503);
    }

    @Test
    void readinessIsDownWithoutKafka() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"kafka\"").contains("DOWN");
    }
}
