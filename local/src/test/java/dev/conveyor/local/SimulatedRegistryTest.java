package dev.conveyor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.conveyor.images.registry.DistributionRegistryClient;
import dev.conveyor.images.registry.ImageRef;
import dev.conveyor.images.registry.ManifestInfo;
import dev.conveyor.images.registry.Platform;
import dev.conveyor.images.registry.RegistryCredentials;
import dev.conveyor.images.registry.RegistryException;
import dev.conveyor.testing.registry.ImagePusher;
import dev.conveyor.testing.registry.RegistryProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The simulated registry against its two real users — the test kit's {@link ImagePusher} pushes, the image-watcher's
 * {@link DistributionRegistryClient} reads back — and its notifications against what docker-registry sends:
 * {@code docker-registry-2.8-manifest-push.json} is a notification captured from Debian's docker-registry 2.8.2 (an
 * OCI manifest PUT by tag from the JDK HTTP client, endpoint configured with an {@code Authorization} header; it came
 * with {@code Content-Type: application/vnd.docker.distribution.events.v1+json}). When docker-registry is installed,
 * one test also compares with a live one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SimulatedRegistryTest {

    private static final String AUTHORIZATION = "Bearer webhook-token-for-the-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the loopback receiver got. */
    record Received(String method, String path, String contentType, String authorization, JsonNode body) {
        JsonNode event() {
            return body.path("events").get(0);
        }
    }

    private HttpServer receiver;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger refuseFirst = new AtomicInteger();
    private SimulatedRegistry registry;
    private final DistributionRegistryClient client = new DistributionRegistryClient(
            new DistributionRegistryClient.Settings(java.time.Duration.ofSeconds(10), 600, java.time.Duration.ofSeconds(10),
                    1, java.time.Duration.ofSeconds(1), java.util.Set.of(), 2),
            (name, request, status) -> { }, Clock.systemUTC());

    @BeforeEach
    void start() throws IOException {
        receiver = startReceiver(received, refuseFirst);
        registry = SimulatedRegistry.start(endpoint(receiver), Map.of("Authorization", AUTHORIZATION));
    }

    @AfterEach
    void stop() {
        if (registry != null) registry.close();
        receiver.stop(0);
    }

    @Test
    void servesOnLoopbackOnly() {
        assertThat(registry.host()).startsWith("127.0.0.1:");
        assertThat(registry.baseUri()).isEqualTo(URI.create("http://" + registry.host() + "/"));
    }

    @Test
    void anImagePushedWithImagePusherReadsBackThroughTheImageWatchersClient() throws Exception {
        Instant created = Instant.parse("2025-03-01T10:15:30Z");
        ImagePusher.Pushed pushed = new ImagePusher(registry.baseUri()).push("acme/payments-api", "1.1.0", created);
        ImageRef image = ImageRef.parse(registry.host() + "/acme/payments-api");

        assertThat(client.tags(image, RegistryCredentials.ANONYMOUS)).containsExactly("1.1.0");
        assertThat(client.digest(image, "1.1.0", RegistryCredentials.ANONYMOUS)).isEqualTo(pushed.digest());
        ManifestInfo info = client.manifest(image, "1.1.0", null, RegistryCredentials.ANONYMOUS).orElseThrow();
        assertThat(info.digest()).isEqualTo(pushed.digest());
        assertThat(info.mediaType()).isEqualTo(ImagePusher.OCI_MANIFEST);
        assertThat(info.isIndex()).isFalse();
        assertThat(client.created(image, info.configDigest(), RegistryCredentials.ANONYMOUS)).contains(created);

        RegistryException unknownHead = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
                () -> client.digest(image, "9.9.9", RegistryCredentials.ANONYMOUS));
        assertThat(unknownHead.status()).isEqualTo(404);
        RegistryException unknownGet = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
                () -> client.manifest(image, "9.9.9", null, RegistryCredentials.ANONYMOUS));
        assertThat(unknownGet.status()).isEqualTo(404);
        assertThat(unknownGet.getMessage()).contains("MANIFEST_UNKNOWN");
    }

    @Test
    void aManifestPushSendsTheRegistrysPushNotificationAfterItsBlobs() throws Exception {
        ImagePusher.Pushed pushed = new ImagePusher(registry.baseUri()).push("acme/payments-api", "1.1.0", Instant.now());

        Received configBlob = next(r -> true);
        Received layerBlob = next(r -> true);
        Received manifest = next(r -> true);
        for (Received r : List.of(configBlob, layerBlob, manifest)) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/webhooks/distribution");
            assertThat(r.authorization()).isEqualTo(AUTHORIZATION);
            assertThat(r.contentType()).isEqualTo(SimulatedRegistry.EVENTS_MEDIA_TYPE);
            assertThat(r.body().path("events")).hasSize(1);
            assertThat(r.event().path("action").asText()).isEqualTo("push");
        }
        assertThat(configBlob.event().path("target").path("mediaType").asText()).isEqualTo("application/octet-stream");
        assertThat(configBlob.event().path("target").has("tag")).isFalse();
        assertThat(layerBlob.event().path("target").path("length").asInt()).isEqualTo(256);

        JsonNode event = manifest.event();
        JsonNode target = event.path("target");
        assertThat(target.path("mediaType").asText()).isEqualTo(ImagePusher.OCI_MANIFEST);
        assertThat(target.path("digest").asText()).isEqualTo(pushed.digest());
        assertThat(target.path("size").asInt()).isEqualTo(pushed.size());
        assertThat(target.path("length").asInt()).isEqualTo(pushed.size());
        assertThat(target.path("repository").asText()).isEqualTo("acme/payments-api");
        assertThat(target.path("tag").asText()).isEqualTo("1.1.0");
        assertThat(target.path("url").asText())
                .isEqualTo("http://" + registry.host() + "/v2/acme/payments-api/manifests/" + pushed.digest());
        assertThat(event.path("request").path("host").asText()).isEqualTo(registry.host());
        assertThat(event.path("request").path("method").asText()).isEqualTo("PUT");
        assertThat(event.path("request").path("addr").asText()).startsWith("127.0.0.1:");
        assertThat(event.path("request").path("useragent").asText()).startsWith("Java-http-client");
        assertThat(Instant.parse(event.path("timestamp").asText())).isBefore(Instant.now().plus(1, ChronoUnit.MINUTES));
        assertThat(event.path("source").path("instanceID").asText()).isNotEmpty();

        // The same fields, nested and ordered the same way, as the notification captured from docker-registry 2.8.
        JsonNode real;
        try (InputStream in = getClass().getResourceAsStream("/docker-registry-2.8-manifest-push.json")) {
            real = JSON.readTree(in).path("events").get(0);
        }
        assertThat(fieldPaths(event)).isEqualTo(fieldPaths(real));
    }

    @Test
    void readsSendPullNotificationsAsTheRegistryDoes() throws Exception {
        ImagePusher.Pushed pushed = new ImagePusher(registry.baseUri()).push("acme/api", "2.0.0", Instant.now());
        for (int i = 0; i < 3; i++) next(r -> true);
        ImageRef image = ImageRef.parse(registry.host() + "/acme/api");
        client.digest(image, "2.0.0", RegistryCredentials.ANONYMOUS);

        JsonNode pull = next(r -> true).event();
        assertThat(pull.path("action").asText()).isEqualTo("pull");
        assertThat(pull.path("request").path("method").asText()).isEqualTo("HEAD");
        assertThat(pull.path("target").path("tag").asText()).isEqualTo("2.0.0");
        assertThat(pull.path("target").path("digest").asText()).isEqualTo(pushed.digest());
    }

    @Test
    void aNotificationTheEndpointRefusesIsRetried() throws Exception {
        refuseFirst.set(1);
        new ImagePusher(registry.baseUri()).push("acme/api", "3.0.0", Instant.now());

        Received refused = next(r -> true);
        Received again = next(r -> true);
        assertThat(again.body()).isEqualTo(refused.body());
        Received manifest = next(r -> r.event().path("target").has("tag"));
        assertThat(manifest.event().path("target").path("tag").asText()).isEqualTo("3.0.0");
    }

    @Test
    void indexesTagPagingAndPlatforms() throws Exception {
        ImagePusher pusher = new ImagePusher(registry.baseUri());
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        ImagePusher.Pushed amd64 = pusher.push("acme/multi", "amd64-only", created, "linux", "amd64", null);
        ImagePusher.Pushed arm64 = pusher.push("acme/multi", "arm64-only", created, "linux", "arm64", "v8");
        String index = pusher.pushIndex("acme/multi", "4.0.0", List.of(amd64, arm64));
        pusher.pushTags("acme/multi", List.of("4.0.1", "4.0.2", "4.0.3"), created);
        ImageRef image = ImageRef.parse(registry.host() + "/acme/multi");

        // page size 2: the client follows the registry's Link header through three pages
        assertThat(client.tags(image, RegistryCredentials.ANONYMOUS))
                .containsExactly("4.0.0", "4.0.1", "4.0.2", "4.0.3", "amd64-only", "arm64-only");
        ManifestInfo info = client.manifest(image, "4.0.0", new Platform("linux", "arm64", "v8"),
                RegistryCredentials.ANONYMOUS).orElseThrow();
        assertThat(info.digest()).isEqualTo(index);
        assertThat(info.mediaType()).isEqualTo(ImagePusher.OCI_INDEX);
        assertThat(info.platforms()).extracting(Platform::architecture).containsExactly("amd64", "arm64");
        assertThat(info.imageDigest()).isEqualTo(arm64.digest());
    }

    @Test
    void refusesWhatTheRegistryRefuses() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI base = registry.baseUri();
        // a manifest whose config blob was never uploaded
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + ImagePusher.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}";
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/v2/acme/x/manifests/1.0.0"))
                .header("Content-Type", ImagePusher.OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("MANIFEST_BLOB_UNKNOWN");

        // an upload whose content does not match its digest
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(base.resolve("/v2/acme/x/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(202);
        String location = start.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(location + "?digest=sha256:" + "b".repeat(64)))
                .PUT(HttpRequest.BodyPublishers.ofString("content")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("DIGEST_INVALID");

        HttpResponse<String> tags = http.send(HttpRequest.newBuilder(base.resolve("/v2/acme/nothing/tags/list")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tags.statusCode()).isEqualTo(404);
        assertThat(tags.body()).contains("NAME_UNKNOWN");

        HttpResponse<String> api = http.send(HttpRequest.newBuilder(base.resolve("/v2/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("Docker-Distribution-Api-Version")).contains("registry/2.0");

        // HEAD: the manifest's length and digest, no body
        ImagePusher.Pushed pushed = new ImagePusher(base).push("acme/x", "1.0.0", Instant.now());
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(base.resolve("/v2/acme/x/manifests/1.0.0"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(String.valueOf(pushed.size()));
        assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(pushed.digest());
        assertThat(head.body()).isEmpty();
    }

    @Test
    void withoutAnEndpointItSendsNothing() throws Exception {
        try (SimulatedRegistry quiet = SimulatedRegistry.start(null, Map.of())) {
            new ImagePusher(quiet.baseUri()).push("acme/api", "1.0.0", Instant.now());
            assertThat(quiet.notificationsDelivered()).isZero();
        }
    }

    /** With docker-registry installed: its notification for the same push has the same fields and values. */
    @Test
    void matchesALiveDockerRegistry() throws Exception {
        assumeTrue(RegistryProcess.binary().isPresent(), RegistryProcess.missingMessage());
        BlockingQueue<Received> fromReal = new LinkedBlockingQueue<>();
        HttpServer realReceiver = startReceiver(fromReal, new AtomicInteger());
        try (RegistryProcess real = RegistryProcess.builder()
                .notifications(endpoint(realReceiver), Map.of("Authorization", AUTHORIZATION)).start()) {
            Instant created = Instant.now();
            ImagePusher.Pushed toReal = new ImagePusher(real.baseUri()).push("acme/api", "5.0.0", created);
            ImagePusher.Pushed toSimulated = new ImagePusher(registry.baseUri()).push("acme/api", "5.0.0", created);
            Received realPush = next(fromReal, r -> r.event().path("action").asText().equals("push")
                    && r.event().path("target").has("tag"));
            Received simulatedPush = next(r -> r.event().path("target").has("tag"));

            assertThat(simulatedPush.contentType()).isEqualTo(realPush.contentType());
            assertThat(simulatedPush.authorization()).isEqualTo(realPush.authorization());
            assertThat(fieldPaths(simulatedPush.event())).isEqualTo(fieldPaths(realPush.event()));
            JsonNode r = realPush.event(), s = simulatedPush.event();
            for (String field : List.of("/action", "/target/mediaType", "/target/repository", "/target/tag",
                    "/request/method", "/request/useragent")) {
                assertThat(s.at(field)).as(field).isEqualTo(r.at(field));
            }
            assertThat(r.at("/target/digest").asText()).isEqualTo(toReal.digest());
            assertThat(s.at("/target/digest").asText()).isEqualTo(toSimulated.digest());
            assertThat(r.at("/request/host").asText()).isEqualTo(real.host());
            assertThat(s.at("/request/host").asText()).isEqualTo(registry.host());
        } finally {
            realReceiver.stop(0);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private Received next(Predicate<Received> match) throws InterruptedException {
        return next(received, match);
    }

    /** The next received request that matches, skipping others; fails when none comes within 30 s. */
    private static Received next(BlockingQueue<Received> queue, Predicate<Received> match) throws InterruptedException {
        while (true) {
            Received r = queue.poll(30, TimeUnit.SECONDS);
            assertThat(r).as("a notification request").isNotNull();
            if (match.test(r)) return r;
        }
    }

    /** A loopback receiver that records each request and answers 202 — or 503 while {@code refuse} is positive. */
    private static HttpServer startReceiver(BlockingQueue<Received> into, AtomicInteger refuse) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            into.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    JSON.readTree(new String(body, StandardCharsets.UTF_8))));
            exchange.sendResponseHeaders(refuse.getAndDecrement() > 0 ? 503 : 202, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static URI endpoint(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/distribution");
    }

    /** Every field path of a JSON object in document order, e.g. {@code target.mediaType}. */
    private static List<String> fieldPaths(JsonNode node) {
        List<String> paths = new ArrayList<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, List<String> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            into.add(path);
            if (e.getValue().isObject()) collect(e.getValue(), path + ".", into);
        }
    }
}
