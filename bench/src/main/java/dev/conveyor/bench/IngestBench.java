package dev.conveyor.bench;

import dev.conveyor.events.Topics;
import dev.conveyor.local.KafkaBrokerProcess;
import dev.conveyor.local.LocalStack;
import dev.conveyor.local.Ports;
import dev.conveyor.local.ServiceProcess;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fires signed GitHub push webhooks at a running webhook-ingest (a separate process) with bounded concurrency and
 * count on loopback, then, in the same run and on the same broker, sends the same number of records of the same
 * size straight through a raw Kafka producer with the same settings (acks=all, idempotent) and the same concurrency.
 * Prints webhook throughput and latency, raw producer throughput, and the ratio. Bounded: it stops by itself.
 *
 * <p>Options: {@code --requests N} (default 20000), {@code --concurrency C} (default 32), {@code --warmup W} (default 3000).
 */
public final class IngestBench {

    public static void main(String[] args) throws Exception {
        int requests = intArg(args, "--requests", 20_000);
        int concurrency = intArg(args, "--concurrency", 32);
        int warmup = intArg(args, "--warmup", 3_000);
        Path state = Path.of("bench/target/bench-state");
        LocalStack.deleteRecursively(state);
        Path logs = Files.createDirectories(state.resolve("logs"));
        byte[] payload = payload();
        String secret = "bench-" + UUID.randomUUID();

        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(state, Path.of("local/target/libs"), Ports.free(), Ports.free());
             ServiceProcess ingest = new ServiceProcess("webhook-ingest",
                     Path.of("services/webhook-ingest/target/quarkus-app/quarkus-run.jar"), Ports.free(), logs)) {
            kafka.start(Duration.ofSeconds(60));
            KafkaBrokerProcess.createTopics(kafka.bootstrapServers(), Set.of(Topics.COMMITS, "bench.raw"), 3);
            ingest.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "CONVEYOR_INGEST_RECEIVERS_GITHUB_SECRET", secret,
                    "QUARKUS_LOG_LEVEL", "WARN"), Duration.ofSeconds(60));

            System.out.printf("webhook-ingest benchmark: %d requests, concurrency %d, payload %d bytes (GitHub push), warm-up %d%n",
                    requests, concurrency, payload.length, warmup);
            System.out.printf("machine: %d cores, Java %s; broker, service and load generator share it%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

            String signature = "sha256=" + LocalStack.hmacSha256Hex(secret, payload);
            URI url = ingest.baseUri().resolve("/webhooks/github");
            runWebhooks(url, payload, signature, warmup, concurrency);
            Result webhook = runWebhooks(url, payload, signature, requests, concurrency);

            try (KafkaProducer<String, byte[]> producer = rawProducer(kafka.bootstrapServers())) {
                runRaw(producer, payload, warmup, concurrency);
                Result raw = runRaw(producer, payload, requests, concurrency);

                System.out.println();
                System.out.printf("webhook throughput      %10.0f req/s   (%d accepted, %d failed)%n", webhook.perSecond(), webhook.ok, webhook.failed);
                System.out.printf("webhook latency         p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms%n",
                        webhook.p(50), webhook.p(99), webhook.histogram.getMaxValue() / 1000.0);
                System.out.printf("raw producer throughput %10.0f msg/s   (%d acknowledged, %d failed)%n", raw.perSecond(), raw.ok, raw.failed);
                System.out.printf("raw producer latency    p50 %6.2f ms   p99 %6.2f ms%n", raw.p(50), raw.p(99));
                System.out.printf("ratio webhook/raw       %10.2f%n", webhook.perSecond() / raw.perSecond());
            }
        }
    }

    record Result(int ok, int failed, long nanos, Histogram histogram) {
        double perSecond() {
            return ok / (nanos / 1e9);
        }

        double p(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static Result runWebhooks(URI url, byte[] payload, String signature, int count, int concurrency) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "push")
                    .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                    .header("X-Hub-Signature-256", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
            long sent = System.nanoTime();
            CompletableFuture<HttpResponse<Void>> f = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            f.whenComplete((r, e) -> {
                synchronized (h) {
                    h.recordValue(Math.min((System.nanoTime() - sent) / 1000, h.getHighestTrackableValue()));
                }
                if (e == null && r.statusCode() == 202) ok.incrementAndGet(); else failed.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        return new Result(ok.get(), failed.get(), System.nanoTime() - start, h);
    }

    private static Result runRaw(KafkaProducer<String, byte[]> producer, byte[] payload, int count, int concurrency) throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            long sent = System.nanoTime();
            producer.send(new ProducerRecord<>("bench.raw", "https://github.com/Codertocat/Hello-World", payload), (md, e) -> {
                synchronized (h) {
                    h.recordValue(Math.min((System.nanoTime() - sent) / 1000, h.getHighestTrackableValue()));
                }
                if (e == null) ok.incrementAndGet(); else failed.incrementAndGet();
                inFlight.release();
            });
        }
        inFlight.acquire(concurrency);
        return new Result(ok.get(), failed.get(), System.nanoTime() - start, h);
    }

    /** The same producer settings webhook-ingest uses, so the ratio shows what HTTP, verification and normalising cost. */
    private static KafkaProducer<String, byte[]> rawProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] payload() throws Exception {
        Path fixture = Path.of("../shared/fixtures/webhooks/github/push-branch-update.go-scm.json");
        if (Files.exists(fixture)) return Files.readAllBytes(fixture);
        try (var in = IngestBench.class.getResourceAsStream("/demo/github-push.json")) {
            return in.readAllBytes();
        }
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return def;
    }
}
