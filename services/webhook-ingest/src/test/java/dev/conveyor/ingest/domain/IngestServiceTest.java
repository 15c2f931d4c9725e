package dev.conveyor.ingest.domain;

import dev.conveyor.events.Envelope;
import dev.conveyor.events.ImageTagged;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's decisions without HTTP or Kafka. The publisher here is a recording implementation of the port; delivery
 * to a real broker is covered by the *IT tests.
 */
class IngestServiceTest {

    static final class RecordingPublisher implements EventPublisher {
        final List<Envelope<?>> published = new ArrayList<>();
        boolean failing;

        @Override
        public List<PublishedEvent> publish(List<Envelope<?>> envelopes) throws PublishFailedException {
            if (failing) throw new PublishFailedException("broker unreachable", null);
            published.addAll(envelopes);
            return envelopes.stream().map(e -> new PublishedEvent(e.id(), e.type().ceType(), e.type().topic(),
                    e.event().partitionKey(), 0, published.size())).toList();
        }
    }

    /** A registry normaliser with one tag per comma-separated value of the body's "tags" field. */
    private static final Normaliser TAGS = (request, body) -> {
        List<dev.conveyor.events.ConveyorEvent> events = new ArrayList<>();
        for (String tag : body.path("tags").asText().split(",")) {
            events.add(new ImageTagged("docker.io", body.path("repo").asText(), tag, null, null, "dockerhub", null));
        }
        return new Normalised.Events(events);
    };

    private final RecordingPublisher publisher = new RecordingPublisher();

    private IngestService service(Map<Provider, ReceiverSecrets> secrets) {
        return new IngestService(new WebhookAuthenticator(secrets), p -> TAGS,
                new DeliveryLog(Duration.ofMinutes(10), 1000, Clock.systemUTC()), publisher, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    private static WebhookRequest dockerHub(String json) {
        return new WebhookRequest(Provider.DOCKERHUB, Headers.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void receiverWithoutSecretRefusesEverythingAndSaysHowToEnableIt() {
        IngestOutcome outcome = service(Map.of()).ingest(dockerHub("{\"repo\":\"a/b\",\"tags\":\"1\"}"), Optional.of("anything"));
        assertThat(outcome).isInstanceOf(IngestOutcome.Disabled.class);
        assertThat(((IngestOutcome.Disabled) outcome).reason()).contains("CONVEYOR_INGEST_RECEIVERS_DOCKERHUB_SECRET");
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void oneDeliveryWithSeveralFactsGivesEachAStableDistinctId() {
        IngestService s = service(Map.of(Provider.DOCKERHUB, ReceiverSecrets.of("tok")));
        IngestOutcome outcome = s.ingest(dockerHub("{\"repo\":\"a/b\",\"tags\":\"1,2\"}"), Optional.of("tok"));
        assertThat(outcome).isInstanceOf(IngestOutcome.Accepted.class);
        assertThat(publisher.published).hasSize(2);
        assertThat(publisher.published.get(0).id()).isNotEqualTo(publisher.published.get(1).id())
                .startsWith("dockerhub:sha256:");
        // Same body again: same ids, recognised as a redelivery.
        assertThat(s.ingest(dockerHub("{\"repo\":\"a/b\",\"tags\":\"1,2\"}"), Optional.of("tok"))).isInstanceOf(IngestOutcome.Duplicate.class);
        assertThat(publisher.published).hasSize(2);
    }

    @Test
    void failedPublishIs503AndTheRedeliveryPublishes() {
        IngestService s = service(Map.of(Provider.DOCKERHUB, ReceiverSecrets.of("tok")));
        publisher.failing = true;
        assertThat(s.ingest(dockerHub("{\"repo\":\"a/b\",\"tags\":\"1\"}"), Optional.of("tok"))).isInstanceOf(IngestOutcome.Unavailable.class);
        publisher.failing = false;
        assertThat(s.ingest(dockerHub("{\"repo\":\"a/b\",\"tags\":\"1\"}"), Optional.of("tok"))).isInstanceOf(IngestOutcome.Accepted.class);
        assertThat(publisher.published).hasSize(1);
    }

    @Test
    void perRepositorySecretIsTheOnlyOneItAccepts() {
        ReceiverSecrets secrets = new ReceiverSecrets(Optional.of("shared"), Map.of("docker.io/team/private", "own"));
        IngestService s = service(Map.of(Provider.DOCKERHUB, secrets));
        assertThat(s.ingest(dockerHub("{\"repo\":\"team/private\",\"tags\":\"1\"}"), Optional.of("shared")))
                .isInstanceOf(IngestOutcome.Unauthorized.class);
        assertThat(s.ingest(dockerHub("{\"repo\":\"team/public\",\"tags\":\"1\"}"), Optional.of("own")))
                .isInstanceOf(IngestOutcome.Unauthorized.class);
        assertThat(s.ingest(dockerHub("{\"repo\":\"team/private\",\"tags\":\"1\"}"), Optional.of("own")))
                .isInstanceOf(IngestOutcome.Accepted.class);
        assertThat(publisher.published).hasSize(1);
    }

    @Test
    void secretsNeverAppearInReasonsOrToString() {
        ReceiverSecrets secrets = new ReceiverSecrets(Optional.of("super-secret-value"), Map.of("docker.io/x/y", "other-secret"));
        assertThat(secrets.toString()).doesNotContain("super-secret-value", "other-secret");
        IngestOutcome outcome = service(Map.of(Provider.DOCKERHUB, secrets)).ingest(dockerHub("{}"), Optional.of("wrong"));
        assertThat(outcome.toString()).doesNotContain("super-secret-value", "other-secret");
    }
}
