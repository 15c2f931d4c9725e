package dev.conveyor.bench;

import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Envelope;
import dev.conveyor.events.EventCodec;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.SyncRequested;
import dev.conveyor.events.Topics;
import dev.conveyor.local.KafkaBrokerProcess;
import dev.conveyor.local.LocalStack;
import dev.conveyor.local.Ports;
import dev.conveyor.local.ServiceProcess;
import dev.conveyor.testing.auth.TestTokens;
import dev.conveyor.testing.git.GitFixture;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventSerializer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The promoter as the platform runs it: a real Kafka broker process, the promoter as a process, real Git (bare
 * repositories). The syncer's side is played by the benchmark, which publishes {@code SyncCompleted} as the syncer
 * does. Prints figures; asserts nothing; every wait is bounded.
 *
 * <p>Per run: the image-watcher's part (a commit into dev, {@code ImageUpdated}), then dev's healthy
 * {@code SyncCompleted}; measured from that event's publication to the promoter's {@code PromotionStarted} for
 * staging, which the promoter publishes after its commit is pushed.
 *
 * <p>Options: {@code --runs R} (default 50).
 */
public final class PromoterBench {

    private final LinkedBlockingQueue<PromotionStarted> started = new LinkedBlockingQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    public static void main(String[] args) throws Exception {
        int runs = 50;
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals("--runs")) runs = Integer.parseInt(args[i + 1]);
        new PromoterBench().run(runs);
    }

    void run(int runs) throws Exception {
        Path state = Path.of("bench/target/promoter-bench");
        LocalStack.deleteRecursively(state);
        Path logs = Files.createDirectories(state.resolve("logs"));
        GitFixture control = new GitFixture(state.resolve("git"), "control");
        GitFixture deploy = new GitFixture(state.resolve("git"), "deploy");
        String image = "registry.example.com/bench/app";
        Map<String, String> files = new LinkedHashMap<>();
        for (String stage : List.of("dev", "staging", "prod")) files.put(stage + "/kustomization.yaml", kustomization(image, "0.0.0"));
        deploy.commit("deploy", files);
        control.commit("pipeline", Map.of("pipelines/bench.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Pipeline
                metadata: {name: bench}
                spec:
                  images: [{image: %s, kustomizeName: bench/app}]
                  stages:
                    - {name: dev, application: bench-dev, writeBack: {repoURL: "%s", branch: main, path: dev/kustomization.yaml}}
                    - {name: staging, application: bench-staging, writeBack: {repoURL: "%s", branch: main, path: staging/kustomization.yaml}}
                    - name: prod
                      application: bench-prod
                      writeBack: {repoURL: "%s", branch: main, path: prod/kustomization.yaml}
                      gates: {autoPromote: false}
                """.formatted(image, deploy.url(), deploy.url(), deploy.url())));

        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(state, Path.of("local/target/libs"), Ports.free(), Ports.free());
             ServiceProcess promoter = new ServiceProcess("promoter",
                     Path.of("services/promoter/target/quarkus-app/quarkus-run.jar"), Ports.free(), logs)) {
            kafka.start(Duration.ofSeconds(60));
            KafkaBrokerProcess.createTopics(kafka.bootstrapServers(),
                    Set.of(Topics.COMMITS, Topics.IMAGES, Topics.SYNCS, Topics.PROMOTIONS), 3);
            Map<String, String> env = new LinkedHashMap<>(TestTokens.processEnvironment());
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("CONVEYOR_PROMOTER_DECLARATIONS_REPO_URL", control.url());
            env.put("CONVEYOR_PROMOTER_DECLARATIONS_PATH", "pipelines");
            env.put("CONVEYOR_PROMOTER_GIT_WORK_DIR", state.resolve("promoter-git").toAbsolutePath().toString());
            promoter.start(env, Duration.ofSeconds(90));
            Thread follower = follow(kafka.bootstrapServers());
            CloudEventSerializer serializer = new CloudEventSerializer();
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY), false);
            try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), serializer)) {
                System.out.printf("promoter benchmark: %d runs; machine: %d cores, Java %s%n", runs,
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                System.out.println("all parts real: Kafka broker process, the promoter process, Git; SyncCompleted published as the syncer does");
                Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
                String repo = RepositoryUrls.canonical(deploy.url());
                for (int i = 1; i <= runs; i++) {
                    String tag = "1.0." + i;
                    String devCommit = deploy.commit("image " + tag, Map.of("dev/kustomization.yaml", kustomization(image, tag)));
                    send(producer, new ImageUpdated("bench", image, null, tag, null, repo, "main", "dev/kustomization.yaml", devCommit));
                    // Let the dev promotion start before dev reports healthy (as in life: the sync follows the commit).
                    awaitStarted("dev", tag, Duration.ofSeconds(60));
                    long t0 = System.nanoTime();
                    send(producer, new SyncCompleted("bench-dev", repo, "dev", devCommit, SyncCompleted.Result.SUCCEEDED,
                            SyncCompleted.Health.HEALTHY, SyncCompleted.SyncStatus.SYNCED, 0, 1, 0, 0, List.of(),
                            SyncRequested.Trigger.COMMIT, "ok", Instant.now(), 50, new SyncCompleted.Destination("in-cluster", "dev")));
                    PromotionStarted staging = awaitStarted("staging", tag, Duration.ofSeconds(60));
                    latency.recordValue(Math.max(0, (System.nanoTime() - t0) / 1000));
                    // Staging healthy too, so the next run's freight finds staging free.
                    send(producer, new SyncCompleted("bench-staging", repo, "staging", staging.commit(),
                            SyncCompleted.Result.SUCCEEDED, SyncCompleted.Health.HEALTHY, SyncCompleted.SyncStatus.SYNCED,
                            0, 1, 0, 0, List.of(), SyncRequested.Trigger.COMMIT, "ok", Instant.now(), 50,
                            new SyncCompleted.Destination("in-cluster", "staging")));
                }
                System.out.printf("healthy SyncCompleted (dev) → staging promotion commit pushed (PromotionStarted on Kafka):%n"
                                + "  p50 %.1f ms  p99 %.1f ms  max %.1f ms  (%d runs)%n",
                        latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                        latency.getMaxValue() / 1000.0, runs);
            }
            running.set(false);
            follower.join(5000);
        }
    }

    private PromotionStarted awaitStarted(String stage, String tag, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            PromotionStarted s = started.poll(100, TimeUnit.MILLISECONDS);
            if (s != null && s.stage().equals(stage) && s.images().get(0).tag().equals(tag)) return s;
        }
        throw new IllegalStateException("no PromotionStarted for " + stage + " " + tag + " within " + timeout);
    }

    private static void send(KafkaProducer<String, CloudEvent> producer, ConveyorEvent event) throws Exception {
        Envelope<ConveyorEvent> envelope = new Envelope<>("bench-" + UUID.randomUUID(), URI.create("/conveyor/bench"),
                OffsetDateTime.now(ZoneOffset.UTC), event);
        producer.send(EventCodec.toRecord(envelope)).get();
    }

    private Thread follow(String bootstrap) {
        return EventFollower.start(bootstrap, Topics.PROMOTIONS, "earliest", running, (e, now) -> {
            if (e instanceof PromotionStarted s) started.add(s);
        });
    }

    private static String kustomization(String image, String tag) {
        return """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                images:
                  - name: bench/app
                    newName: %s
                    newTag: %s
                """.formatted(image, tag);
    }
}
