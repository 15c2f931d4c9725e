package dev.conveyor.ingest.adapter;

import dev.conveyor.events.Topics;
import dev.conveyor.ingest.SignedWebhooks;
import dev.conveyor.testing.kafka.KafkaTestResource;
import dev.conveyor.testing.kafka.ReceivedEvent;
import dev.conveyor.testing.kafka.TopicTail;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first hop of one trace per change: the event a webhook becomes carries the webhook's trace in its Kafka
 * {@code traceparent} header — the caller's trace when the request had one, a new one otherwise.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class WebhookTraceIT {

    private static final String TRACEPARENT = "^00-([0-9a-f]{32})-([0-9a-f]{16})-01$";

    @TestHTTPResource("/")
    URI base;

    @Test
    void a_webhook_without_trace_context_starts_a_trace_that_its_event_carries() {
        try (TopicTail commits = TopicTail.fromNow(Topics.COMMITS)) {
            HttpResponse<String> response = SignedWebhooks.forFixture("gitea/push.go-scm.json").send(base);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ReceivedEvent event = commits.await(1, Duration.ofSeconds(20)).get(0);
            assertThat(event.header("traceparent")).matches(TRACEPARENT);
        }
    }

    @Test
    void a_webhook_sent_within_a_trace_continues_it() {
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        try (TopicTail commits = TopicTail.fromNow(Topics.COMMITS)) {
            HttpResponse<String> response = SignedWebhooks.forFixture("gitea/push.go-scm.json")
                    .withHeader("traceparent", "00-" + callerTrace + "-" + callerSpan + "-01").send(base);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String traceparent = commits.await(1, Duration.ofSeconds(20)).get(0).header("traceparent");
            assertThat(traceparent).matches(TRACEPARENT);
            assertThat(traceparent.substring(3, 35)).as("same trace").isEqualTo(callerTrace);
            assertThat(traceparent.substring(36, 52)).as("a span of webhook-ingest's, not the caller's").isNotEqualTo(callerSpan);
        }
    }
}
