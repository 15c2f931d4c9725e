package dev.conveyor.notifier.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.events.DriftDetected;
import dev.conveyor.events.HealthChanged;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.notifier.adapter.NotifierRuntime;
import dev.conveyor.notifier.adapter.SubscriptionStore;
import dev.conveyor.notifier.destination.WebhookNotifier;
import dev.conveyor.testing.kafka.EmbeddedKafka;
import dev.conveyor.testing.kafka.KafkaTestResource;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.RefType;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.EventCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier end to end: a real Kafka broker (events in, the deliveries and dead-letter topics), a real Git control
 * repository (Applications and Subscriptions, two of them invalid), and local HTTP receivers that check what Slack,
 * PagerDuty, Teams and a webhook receiver would. The scenarios run in order; the restart and redelivery ones last.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(Receivers.class)
@WithTestResource(ControlRepo.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifierIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SYNC_COMPLETED = "dev.conveyor.sync.completed.v1";
    static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    static KafkaProducer<String, byte[]> raw;
    /** The broker the notifier uses, as configured: tests never rely on static state shared across class loaders. */
    static String bootstrap;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String configuredBootstrap;

    @Inject
    NotifierRuntime runtime;

    @BeforeEach
    void broker() {
        bootstrap = configuredBootstrap;
    }

    @Inject
    SubscriptionStore subscriptions;

    @TestHTTPResource("/")
    URI base;

    static Map<String, String> declarations() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("platform/applications.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: payments-api, labels: {team: payments}}
                spec:
                  source: {repoURL: "https://git.example.com/acme/payments", path: deploy}
                  destination: {namespace: payments}
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: search-api, labels: {team: search}}
                spec:
                  source: {repoURL: "https://git.example.com/acme/search", path: deploy}
                  destination: {namespace: search}
                """);
        files.put("platform/subscriptions.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: payments-sync-failed}
                spec:
                  events: [dev.conveyor.sync.completed.v1]
                  condition: data.result == "FAILED" && app.labels.team == "payments"
                  resolveWhen: data.result == "SUCCEEDED" && app.labels.team == "payments"
                  incidentKey: '"sync/" + subject'
                  severity:
                    default: error
                    rules: [{when: 'data.application.endsWith("-api")', severity: critical}]
                  destinations: [slack-bot, pd]
                  templates:
                    default: {title: "Sync of {data.application} failed", body: "{data.message}"}
                    slack: {body: "*{data.application}* failed at `{data.revision}`: {data.message}"}
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: payments-health}
                spec:
                  events: [dev.conveyor.health.changed.v1]
                  condition: data.to == "DEGRADED"
                  resolveWhen: data.to == "HEALTHY"
                  incidentKey: '"health/" + subject'
                  destinations: [pd]
                  templates:
                    default: {title: "{data.application} is {data.to}"}
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: prod-approval}
                spec:
                  events: ["dev.conveyor.promotion.*"]
                  condition: type == "dev.conveyor.promotion.blocked.v1" && data.stage == "prod"
                  destinations: [teams, hook]
                  templates:
                    default: {title: "Promotion to {data.stage} is waiting for approval", body: "Freight {data.freight}"}
                ---
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: drift-digest}
                spec:
                  events: [dev.conveyor.drift.detected.v1]
                  digest: {window: 2s}
                  destinations: [slack-hook]
                  templates:
                    default: {title: "Drift in {data.application}"}
                """);
        StringBuilder tests = new StringBuilder();
        for (String hook : List.of("flaky", "down", "rejecting", "counting", "slow")) {
            tests.append("""
                    apiVersion: conveyor.dev/v1alpha1
                    kind: Subscription
                    metadata: {name: %s}
                    spec:
                      events: [dev.conveyor.test.%s.v1]
                      destinations: [%s]
                    ---
                    """.formatted(hook + "-sub", hook, hook));
        }
        files.put("platform/test-hooks.yaml", tests.toString());
        files.put("platform/broken.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: broken-condition}
                spec:
                  events: [dev.conveyor.sync.completed.v1]
                  condition: data.result ==
                  destinations: [slack-bot]
                """);
        files.put("platform/unknown-destination.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: nowhere}
                spec:
                  events: [dev.conveyor.sync.completed.v1]
                  destinations: [slack-typo]
                """);
        createTopics();
        return files;
    }

    static void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = new ArrayList<>();
            for (String t : List.of("conveyor.syncs", "conveyor.promotions", "conveyor.test", "conveyor.commits")) {
                if (!existing.contains(t)) topics.add(new NewTopic(t, 3, (short) 1));
            }
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- publishing, as upstream services do (CloudEvents binary mode) ----

    static SyncCompleted sync(String app, SyncCompleted.Result result, String message) {
        return new SyncCompleted(app, "https://github.com/acme/payments", "deploy", SHA, result,
                result == SyncCompleted.Result.FAILED ? SyncCompleted.Health.DEGRADED : SyncCompleted.Health.HEALTHY,
                SyncCompleted.SyncStatus.SYNCED, 0, 1, 0, 3, List.of(), null, message, Instant.now(), 42,
                new SyncCompleted.Destination("in-cluster", "payments"));
    }

    /** Any event type, known to schemas/ or not: headers and JSON body by hand. */
    static void publishRaw(String topic, String id, String type, String subject, String json) {
        publishRaw(topic, id, type, subject, subject, json);
    }

    static void publishRaw(String topic, String id, String type, String subject, String key, String json) {
        publishRaw(topic, id, type, subject, key, json, null);
    }

    /** {@code traceparent}: the W3C trace the event is published in, or null for none. */
    static void publishRaw(String topic, String id, String type, String subject, String key, String json, String traceparent) {
        synchronized (NotifierIT.class) {
            if (raw == null) {
                raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
            }
        }
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_source", "/conveyor/test".getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_subject", subject.getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_time", OffsetDateTime.now(ZoneOffset.UTC).toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) r.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        try {
            raw.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A known event, exactly as a Conveyor service publishes it: its topic, key, ce_type and subject, JSON body. */
    static void publish(String id, ConveyorEvent event) {
        publish(id, event, null);
    }

    static void publish(String id, ConveyorEvent event, String traceparent) {
        publishRaw(event.eventType().topic(), id, event.eventType().ceType(), event.subject(), event.partitionKey(),
                new String(EventCodec.toJson(event), StandardCharsets.UTF_8), traceparent);
    }

    static void testEvent(String hook, String id) {
        publishRaw("conveyor.test", id, "dev.conveyor.test." + hook + ".v1", "subject-" + id, "{\"n\":\"" + id + "\"}");
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static JsonNode json(Receivers.Request r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<JsonNode> pd(String action) {
        return Receivers.received("pd").stream().map(NotifierIT::json)
                .filter(j -> action.equals(j.path("event_action").asText())).toList();
    }

    /** Keeps this run's real /q/metrics for deploy/'s check that dashboards and alerts use only existing metrics. */
    @org.junit.jupiter.api.AfterAll
    static void saveMetricsScrape() {
        dev.conveyor.testing.metrics.MetricsScrape.save(io.restassured.RestAssured.given()
                .port(dev.conveyor.testing.metrics.MetricsScrape.port()).get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    // ---- scenarios ----

    @Test
    @Order(1)
    void invalidSubscriptionsAreReportedWithFileAndFieldAndTheOthersLoad() throws Exception {
        await("the control repository", () -> subscriptions.revision() != null);
        assertThat(subscriptions.invalid()).extracting(i -> i.file() + " " + i.field())
                .containsExactlyInAnyOrder("platform/broken.yaml spec.condition",
                        "platform/unknown-destination.yaml spec.destinations[0]");
        assertThat(subscriptions.all()).extracting(s -> s.name())
                .contains("payments-sync-failed", "payments-health", "prod-approval", "drift-digest", "counting-sub");
        await("ready", runtime::ready);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("conveyor_notifier_invalid_subscriptions 2.0");
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/q/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\": \"UP\"");
    }

    @Test
    @Order(2)
    void syncFailureGoesToSlackAsBlockKitAndPagesPagerDutyThenResolvesInTheThread() {
        String changeTrace = "5b8aa5a2d2c872e8321cf37308d69df2";
        publish("it-sync-failed-1", sync("payments-api", SyncCompleted.Result.FAILED, "apply failed: quota"),
                "00-" + changeTrace + "-051581bf3cb55c13-01");
        publish("it-sync-search-1", sync("search-api", SyncCompleted.Result.FAILED, "not ours"));
        await("a Slack message and a page", () -> Receivers.received("slack-api").size() >= 1 && pd("trigger").size() >= 1);

        Receivers.Request slack = Receivers.received("slack-api").get(0);
        // The last hop of one trace per change: both requests carry the failed sync's trace on to their receivers.
        assertThat(slack.header("traceparent")).startsWith("00-" + changeTrace + "-").doesNotContain("051581bf3cb55c13");
        assertThat(Receivers.received("pd").stream().filter(r -> json(r).path("event_action").asText().equals("trigger"))
                .findFirst().orElseThrow().header("traceparent")).startsWith("00-" + changeTrace + "-");
        assertThat(slack.path()).isEqualTo("/slack-api/chat.postMessage");
        assertThat(slack.header("Authorization")).isEqualTo("Bearer " + Receivers.SLACK_TOKEN);
        JsonNode message = json(slack);
        assertThat(message.path("channel").asText()).isEqualTo("C0DEPLOYS");
        assertThat(message.path("text").asText()).isEqualTo("Sync of payments-api failed");
        JsonNode blocks = message.path("blocks");
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(1).path("text").path("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).path("text").path("text").asText())
                .isEqualTo("*payments-api* failed at `" + SHA + "`: apply failed: quota");
        JsonNode actions = blocks.get(blocks.size() - 1);
        assertThat(actions.path("type").asText()).isEqualTo("actions");
        assertThat(actions.path("elements").findValuesAsText("url")).containsExactly(
                "https://github.com/acme/payments/commit/" + SHA,
                "https://conveyor.example.com/applications/payments-api");
        assertThat(message.has("thread_ts")).isFalse();

        JsonNode trigger = pd("trigger").get(0);
        assertThat(trigger.path("routing_key").asText()).isEqualTo(Receivers.ROUTING_KEY);
        assertThat(trigger.path("dedup_key").asText()).isEqualTo("sync/payments-api");
        assertThat(trigger.path("payload").path("summary").asText()).isEqualTo("Sync of payments-api failed");
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("source").asText()).isEqualTo("payments-api");
        assertThat(Receivers.received("pd").get(0).path()).isEqualTo("/pd/v2/enqueue");

        // The same failure again (the syncer retries): the incident is open, nobody is told twice.
        publish("it-sync-failed-2", sync("payments-api", SyncCompleted.Result.FAILED, "apply failed: quota"));
        publish("it-sync-ok-1", sync("payments-api", SyncCompleted.Result.SUCCEEDED, "synced"));
        await("the resolve", () -> pd("resolve").size() >= 1 && Receivers.received("slack-api").size() >= 2);
        JsonNode resolve = pd("resolve").get(0);
        assertThat(resolve.path("dedup_key").asText()).isEqualTo("sync/payments-api");
        assertThat(resolve.path("routing_key").asText()).isEqualTo(Receivers.ROUTING_KEY);
        JsonNode reply = json(Receivers.received("slack-api").get(1));
        assertThat(reply.path("text").asText()).startsWith("Resolved: ");
        assertThat(reply.path("thread_ts").asText()).isEqualTo("1700000000.000101"); // the ts Slack gave the first message
        assertThat(pd("trigger")).hasSize(1);
        assertThat(Receivers.received("slack-api")).hasSize(2);
    }

    @Test
    @Order(3)
    void degradedThenHealthyIsOneTriggerAndOneResolveWithOneDedupKey() {
        int triggers = pd("trigger").size();
        int resolves = pd("resolve").size();
        HealthChanged.ResourceHealth why = new HealthChanged.ResourceHealth("Deployment", "payments", "api",
                SyncCompleted.Health.DEGRADED, "CrashLoopBackOff");
        publish("it-h-1", new HealthChanged("orders", SHA, SyncCompleted.Health.HEALTHY, SyncCompleted.Health.DEGRADED, List.of(why)));
        publish("it-h-2", new HealthChanged("orders", SHA, SyncCompleted.Health.DEGRADED, SyncCompleted.Health.DEGRADED, List.of(why)));
        publish("it-h-3", new HealthChanged("orders", SHA, SyncCompleted.Health.DEGRADED, SyncCompleted.Health.HEALTHY, List.of()));
        publish("it-h-4", new HealthChanged("orders", SHA, SyncCompleted.Health.HEALTHY, SyncCompleted.Health.HEALTHY, List.of()));
        await("trigger and resolve", () -> pd("resolve").size() > resolves);
        List<JsonNode> newTriggers = pd("trigger").subList(triggers, pd("trigger").size());
        List<JsonNode> newResolves = pd("resolve").subList(resolves, pd("resolve").size());
        assertThat(newTriggers).hasSize(1);
        assertThat(newResolves).hasSize(1);
        assertThat(newTriggers.get(0).path("dedup_key").asText()).isEqualTo("health/orders")
                .isEqualTo(newResolves.get(0).path("dedup_key").asText());
        assertThat(newTriggers.get(0).path("payload").path("summary").asText()).isEqualTo("orders is DEGRADED");
        assertThat(newTriggers.get(0).path("payload").path("severity").asText()).isEqualTo("error");
    }

    @Test
    @Order(4)
    void promotionAwaitingApprovalGoesToTeamsAsAdaptiveCardAndToASignedWebhook() {
        publishRaw("conveyor.promotions", "it-promo-staging", "dev.conveyor.promotion.blocked.v1", "shop",
                "{\"pipeline\":\"shop\",\"stage\":\"staging\",\"freight\":\"f-1\",\"reason\":\"AWAITING_APPROVAL\"}");
        publishRaw("conveyor.promotions", "it-promo-prod", "dev.conveyor.promotion.blocked.v1", "shop",
                "{\"pipeline\":\"shop\",\"stage\":\"prod\",\"freight\":\"f-1\",\"reason\":\"AWAITING_APPROVAL\"}");
        await("Teams and the webhook", () -> !Receivers.received("teams").isEmpty() && !Receivers.received("hook").isEmpty());

        JsonNode teams = json(Receivers.received("teams").get(0));
        assertThat(teams.path("type").asText()).isEqualTo("message");
        JsonNode attachment = teams.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asText()).isEqualTo("1.4");
        assertThat(card.path("body").get(0).path("type").asText()).isEqualTo("TextBlock");
        assertThat(card.path("body").get(0).path("text").asText()).isEqualTo("Promotion to prod is waiting for approval");
        assertThat(card.path("body").get(1).path("text").asText()).isEqualTo("Freight f-1");

        Receivers.Request hook = Receivers.received("hook").get(0);
        assertThat(hook.header("Content-Type")).isEqualTo("application/cloudevents+json");
        assertThat(WebhookNotifier.verify(Receivers.SIGNING_KEY, hook.header(WebhookNotifier.TIMESTAMP), hook.body(),
                hook.header(WebhookNotifier.SIGNATURE))).isTrue();
        assertThat(WebhookNotifier.verify("another-key", hook.header(WebhookNotifier.TIMESTAMP), hook.body(),
                hook.header(WebhookNotifier.SIGNATURE))).isFalse();
        JsonNode ce = json(hook);
        assertThat(ce.path("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.path("id").asText()).isEqualTo("it-promo-prod");
        assertThat(ce.path("type").asText()).isEqualTo("dev.conveyor.promotion.blocked.v1");
        assertThat(ce.path("data").path("stage").asText()).isEqualTo("prod");
        assertThat(Receivers.received("teams")).hasSize(1); // staging did not match
    }

    @Test
    @Order(5)
    void theBuiltInCatalogueWorksWithoutAnySubscription() {
        // Test 2 published a failure, a repeat, then a success of payments-api (1 resource updated) and a failure of
        // search-api; test 3 degraded and healed orders: the built-ins page each failing or degraded application once,
        // resolve payments-api and orders, and record one deployment.
        await("built-in pages, resolves and change event", () -> Receivers.received("pd-defaults").size() >= 6);
        List<JsonNode> got = Receivers.received("pd-defaults").stream().map(NotifierIT::json).toList();
        assertThat(got.stream().filter(j -> "trigger".equals(j.path("event_action").asText()))
                .map(j -> j.path("dedup_key").asText()))
                .containsExactlyInAnyOrder("sync/payments-api", "sync/search-api", "health/orders");
        assertThat(got.stream().filter(j -> "resolve".equals(j.path("event_action").asText()))
                .map(j -> j.path("dedup_key").asText())).containsExactlyInAnyOrder("sync/payments-api", "health/orders");
        List<Receivers.Request> changes = Receivers.received("pd-defaults").stream()
                .filter(r -> r.path().equals("/pd-defaults/v2/change/enqueue")).toList();
        assertThat(changes).hasSize(1);
        assertThat(json(changes.get(0)).path("payload").path("summary").asText()).isEqualTo("payments-api deployed " + SHA);
        await("built-in chat", () -> !Receivers.received("slack-defaults").isEmpty());
        assertThat(Receivers.received("slack-defaults").stream().map(r -> json(r).path("text").asText()).toList())
                .contains("Sync of payments-api failed");
    }

    @Test
    @Order(6)
    void transientFailuresAreRetriedThenDelivered() {
        Receivers.script("flaky", new Receivers.Reply(500, null, 0), new Receivers.Reply(429, "1", 0),
                new Receivers.Reply(200, null, 3000)); // longer than the 1 s timeout
        testEvent("flaky", "it-flaky-1");
        await("delivery after retries", () -> Receivers.received("flaky").size() >= 4);
        List<Receivers.Request> got = Receivers.received("flaky");
        assertThat(got).hasSize(4);
        assertThat(got.stream().map(r -> r.header(WebhookNotifier.DELIVERY)).distinct()).hasSize(1);
        await("no dead letter and a delivered metric", () -> metric("conveyor_notifier_deliveries_total{destination=\"flaky\",kind=\"webhook\",result=\"delivered\"}") == 1.0);
        assertThat(metric("conveyor_notifier_retries_total{destination=\"flaky\"}")).isEqualTo(3.0);
        assertThat(deadLetters("flaky")).isEmpty();
    }

    @Test
    @Order(7)
    void persistentFailuresAreDeadLetteredWithTheReason() {
        Receivers.script("down", new Receivers.Reply(500, null, 0), new Receivers.Reply(502, null, 0),
                new Receivers.Reply(503, null, 0), new Receivers.Reply(500, null, 0));
        Receivers.script("rejecting", new Receivers.Reply(400, null, 0));
        testEvent("down", "it-down-1");
        testEvent("rejecting", "it-rejected-1");
        await("two dead letters", () -> deadLetters("down").size() == 1 && deadLetters("rejecting").size() == 1);
        JsonNode down = deadLetters("down").get(0);
        assertThat(down.path("reason").asText()).contains("gave up after 4 attempts").contains("HTTP 500");
        assertThat(down.path("attempts").asInt()).isEqualTo(4);
        assertThat(down.path("events").get(0).path("id").asText()).isEqualTo("it-down-1");
        assertThat(down.toString()).doesNotContain(Receivers.SIGNING_KEY);
        JsonNode rejected = deadLetters("rejecting").get(0);
        assertThat(rejected.path("reason").asText()).startsWith("terminal: ").contains("HTTP 400");
        assertThat(rejected.path("attempts").asInt()).isEqualTo(1);
        assertThat(Receivers.received("rejecting")).hasSize(1);
        assertThat(Receivers.received("down")).hasSize(4);
        assertThat(metric("conveyor_notifier_dead_letters_total{destination=\"down\"}")).isEqualTo(1.0);
    }

    @Test
    @Order(8)
    void aBurstBecomesOneDigest() {
        for (int i = 0; i < 15; i++) {
            publish("it-drift-" + i, new DriftDetected("app-" + i, SHA, List.of(
                    new DriftDetected.DriftedResource("apps", "Deployment", "ns", "web", "MODIFIED")), true));
        }
        await("the digest", () -> !Receivers.received("slack-hook").isEmpty());
        // A bounded look for a second message: the window is 2 s and every event was published before it opened.
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        List<Receivers.Request> got = Receivers.received("slack-hook");
        assertThat(got.get(0).path()).isEqualTo("/slack-hook/T000/B000/XXXX");
        int told = 0;
        for (Receivers.Request r : got) {
            JsonNode m = json(r);
            String text = m.path("text").asText();
            told += text.matches("\\d+ notifications: .*") ? Integer.parseInt(text.split(" ")[0]) : 1;
        }
        assertThat(told).isEqualTo(15);
        assertThat(got).hasSizeLessThanOrEqualTo(2); // one digest, or two if the window closed between two polls
        JsonNode first = json(got.get(0));
        assertThat(first.path("text").asText()).startsWith(got.size() == 1 ? "15 notifications: Drift in app-" : "");
    }

    @Test
    @Order(9)
    void aRestartMidStreamSendsNothingTwice() {
        Receivers.DELAYS.put("slow", 40L);
        for (int i = 0; i < 30; i++) testEvent("slow", "it-slow-" + i);
        await("some deliveries", () -> Receivers.received("slow").size() >= 5);
        runtime.stop();
        int atStop = Receivers.received("slow").size();
        runtime.start();
        await("all deliveries", () -> Receivers.received("slow").stream().map(r -> r.header(WebhookNotifier.DELIVERY))
                .distinct().count() == 30);
        List<String> ids = Receivers.received("slow").stream().map(r -> r.header(WebhookNotifier.DELIVERY)).toList();
        assertThat(atStop).isLessThan(30);
        assertThat(ids).doesNotHaveDuplicates().hasSize(30);
    }

    @Test
    @Order(10)
    void redeliveryOfEveryEventSendsNothingTwice() throws Exception {
        await("caught up", this::caughtUp);
        Map<String, Integer> before = counts();
        runtime.stop();
        rewindGroup();
        runtime.start();
        testEvent("counting", "it-marker");
        await("the marker", () -> Receivers.received("counting").size() == 1);
        await("caught up", this::caughtUp);
        Map<String, Integer> after = counts();
        after.computeIfPresent("counting", (k, v) -> v == 1 ? null : v - 1); // the marker itself
        assertThat(after).isEqualTo(before);
        assertThat(metric("conveyor_notifier_suppressed_total{destination=\"pd\",reason=\"duplicate\"}")).isGreaterThan(0.0);
    }

    @Test
    @Order(11)
    void aPushToTheControlRepositoryReloadsTheSubscriptionsAtOnce() {
        String before = ControlRepo.control.head();
        String sha = ControlRepo.control.commit("a subscription for late events", Map.of("platform/late.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: late-sub}
                spec:
                  events: [dev.conveyor.test.late.v1]
                  destinations: [counting]
                """));
        // The interval refresh is an hour here: only the push event can make the new Subscription active now.
        publish("it-control-push-" + sha, new CommitPushed(RepositoryUrls.canonical(ControlRepo.control.url()),
                "refs/heads/main", RefType.BRANCH, "main", before, sha, List.of(), null, "gitea", false, false, false, null));
        await("the pushed revision loaded", () -> sha.equals(subscriptions.revision()));
        assertThat(subscriptions.all()).extracting(s -> s.name()).contains("late-sub");

        int counted = Receivers.received("counting").size();
        testEvent("late", "it-late-1");
        await("the new subscription delivers", () -> Receivers.received("counting").size() == counted + 1);
    }

    // ---- helpers ----

    static Map<String, Integer> counts() {
        Map<String, Integer> c = new java.util.TreeMap<>();
        Receivers.REQUESTS.forEach((k, v) -> c.put(k, v.size()));
        return c;
    }

    double metric(String series) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
            return 0.0;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<JsonNode> deadLetters(String destination) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor("conveyor.notifier.dead-letters").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<JsonNode> out = new ArrayList<>();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    JsonNode j = JSON.readTree(r.value());
                    if (destination.equals(j.path("destination").asText())) out.add(j);
                }
            }
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Every event on the notifier's topics is committed by its group. */
    boolean caughtUp() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("conveyor-notifier")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String t : List.of("conveyor.syncs", "conveyor.promotions", "conveyor.test", "conveyor.commits")) {
                for (int p = 0; p < 3; p++) latest.put(new TopicPartition(t, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest).all().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() == e.getValue().offset()));
        } catch (Exception e) {
            return false;
        }
    }

    /** Forced redelivery: the group's offsets go back to the start of every topic. */
    static void rewindGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (String t : List.of("conveyor.syncs", "conveyor.promotions", "conveyor.test", "conveyor.commits")) {
                for (int p = 0; p < 3; p++) zero.put(new TopicPartition(t, p), new OffsetAndMetadata(0));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try {
                    admin.alterConsumerGroupOffsets("conveyor-notifier", zero).all().get();
                    return;
                } catch (Exception e) {
                    // The group may still be leaving after the stop: a bounded retry.
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(200);
                }
            }
        }
    }

    static Set<String> ids(List<Receivers.Request> requests) {
        return requests.stream().map(r -> r.header(WebhookNotifier.DELIVERY)).collect(Collectors.toSet());
    }
}
