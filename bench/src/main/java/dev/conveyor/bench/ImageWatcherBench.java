package dev.conveyor.bench;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.Topics;
import dev.conveyor.local.KafkaBrokerProcess;
import dev.conveyor.local.LocalStack;
import dev.conveyor.local.Ports;
import dev.conveyor.local.ServiceProcess;
import dev.conveyor.testing.git.GitFixture;
import dev.conveyor.testing.registry.ImagePusher;
import dev.conveyor.testing.registry.RegistryProcess;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image-watcher as the platform runs it: a real Kafka broker process, a real registry (Debian's docker-registry)
 * whose push notifications go to webhook-ingest, the image-watcher as a process, real Git (bare repositories). Prints
 * figures; asserts nothing; every wait is bounded.
 *
 * <p>(1) registry push (the manifest PUT answered 201) → the image-watcher's {@code CommitPushed} on Kafka, over
 * bounded runs; (2) registry requests of one check of a repository with N tags, for a semver policy and a
 * newest-build policy, first check and second check (immutable manifests and configs cached).
 *
 * <p>Options: {@code --runs R} (default 30), {@code --tags N} (default 1000).
 */
public final class ImageWatcherBench {

    private static final Pattern REQUESTS = Pattern.compile("conveyor_images_registry_requests_total\\{([^}]*)} ([0-9.eE+]+)");

    private final LinkedBlockingQueue<Long> ownCommits = new LinkedBlockingQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        new ImageWatcherBench().run(intArg(args, "--runs", 30), intArg(args, "--tags", 1000));
    }

    void run(int runs, int tags) throws Exception {
        if (RegistryProcess.binary().isEmpty()) throw new IllegalStateException(RegistryProcess.missingMessage());
        Path state = Path.of("bench/target/image-watcher-bench");
        LocalStack.deleteRecursively(state);
        Path logs = Files.createDirectories(state.resolve("logs"));
        String notifyToken = "Bearer bench-" + UUID.randomUUID();
        int ingestPort = Ports.free();
        try (RegistryProcess notifying = RegistryProcess.builder()
                     .notifications(URI.create("http://127.0.0.1:" + ingestPort + "/webhooks/distribution"),
                             Map.of("Authorization", notifyToken)).start();
             RegistryProcess quiet = RegistryProcess.builder().start();
             KafkaBrokerProcess kafka = new KafkaBrokerProcess(state, Path.of("local/target/libs"), Ports.free(), Ports.free());
             ServiceProcess ingest = new ServiceProcess("webhook-ingest",
                     Path.of("services/webhook-ingest/target/quarkus-app/quarkus-run.jar"), ingestPort, logs);
             ServiceProcess watcher = new ServiceProcess("image-watcher",
                     Path.of("services/image-watcher/target/quarkus-app/quarkus-run.jar"), Ports.free(), logs)) {
            GitFixture control = new GitFixture(state.resolve("git"), "control");
            GitFixture deploy = new GitFixture(state.resolve("git"), "deploy");
            deploy.commit("deploy", Map.of(
                    "app/kustomization.yaml", kustomization("bench/app", notifying.host(), "0.0.1"),
                    "many-semver/kustomization.yaml", kustomization("bench/many", quiet.host(), "0.0.1"),
                    "many-newest/kustomization.yaml", kustomization("bench/many", quiet.host(), "0.0.1")));
            control.commit("policies", Map.of("images/policies.yaml",
                    policy("app", notifying.host() + "/bench/app", "{semver: {range: \">=1.0.0\"}}", deploy.url(), "app", "bench/app")
                            + "---\n" + policy("many-semver", quiet.host() + "/bench/many", "{semver: {range: \"^1.0\"}}", deploy.url(), "many-semver", "bench/many")
                            + "---\n" + policy("many-newest", quiet.host() + "/bench/many", "{newestBuild: {}}", deploy.url(), "many-newest", "bench/many")));

            kafka.start(Duration.ofSeconds(60));
            KafkaBrokerProcess.createTopics(kafka.bootstrapServers(), Set.of(Topics.COMMITS, Topics.IMAGES), 3);
            ingest.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "CONVEYOR_INGEST_RECEIVERS_DISTRIBUTION_SECRET", notifyToken, "QUARKUS_LOG_LEVEL", "WARN"), Duration.ofSeconds(60));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("CONVEYOR_IMAGES_DECLARATIONS_REPO_URL", control.url());
            env.put("CONVEYOR_IMAGES_DECLARATIONS_PATH", "images");
            env.put("CONVEYOR_IMAGES_GIT_WORK_DIR", state.resolve("watcher-git").toAbsolutePath().toString());
            env.put("CONVEYOR_IMAGES_SCAN_INTERVAL", "PT1H");
            env.put("CONVEYOR_IMAGES_REGISTRY_REQUESTS_PER_MINUTE", "100000");
            watcher.start(env, Duration.ofSeconds(90));
            Thread follower = follow(kafka.bootstrapServers());

            System.out.printf("image-watcher benchmark: %d push runs, a repository of %d tags; machine: %d cores, Java %s%n",
                    runs, tags, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("all parts real: Kafka broker process, docker-registry with notifications, webhook-ingest, image-watcher, Git");

            // (1) push → commit, one run at a time so each commit is attributable to its push.
            ImagePusher pusher = new ImagePusher(notifying.baseUri());
            Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
            for (int i = 1; i <= runs; i++) {
                ownCommits.clear();
                pusher.push("bench/app", "1.0." + i, Instant.now());
                long pushed = System.nanoTime();
                Long at = ownCommits.poll(60, TimeUnit.SECONDS);
                if (at == null) throw new IllegalStateException("no commit for push " + i + " within 60 s; see " + logs);
                latency.recordValue(Math.max(0, (at - pushed) / 1000));
            }
            System.out.printf("registry push → CommitPushed (registry notification, webhook-ingest, image-watcher, Git push):%n"
                            + "  p50 %.1f ms  p99 %.1f ms  max %.1f ms  (%d runs)%n",
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0, runs);

            // (2) registry requests per check of a repository with N tags (pushed to a registry without notifications).
            List<String> many = new ArrayList<>();
            for (int i = 0; i < tags; i++) many.add("1.0." + i);
            new ImagePusher(quiet.baseUri()).pushTags("bench/many", many, Instant.parse("2026-11-30T00:00:00Z"));
            for (String policy : List.of("many-semver", "many-newest")) {
                for (String round : List.of("first", "second")) {
                    Map<String, Double> before = requests(watcher.baseUri());
                    long t0 = System.nanoTime();
                    post(watcher.baseUri().resolve("/api/v1/image-policies/" + policy + "/check"));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    Map<String, Double> after = requests(watcher.baseUri());
                    Map<String, Double> delta = new LinkedHashMap<>();
                    after.forEach((k, v) -> {
                        double d = v - before.getOrDefault(k, 0.0);
                        if (d > 0) delta.put(k, d);
                    });
                    System.out.printf("%-12s %-6s check of %d tags: %4.0f registry requests %s in %.0f ms%n", policy, round, tags,
                            delta.values().stream().mapToDouble(Double::doubleValue).sum(), delta, ms);
                }
            }
            running.set(false);
            follower.join(5000);
        }
    }

    private Map<String, Double> requests(URI base) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = REQUESTS.matcher(metrics);
        while (m.find()) {
            Matcher kind = Pattern.compile("request=\"([^\"]+)\"").matcher(m.group(1));
            out.merge(kind.find() ? kind.group(1) : "?", Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }

    private void post(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
    }

    private Thread follow(String bootstrap) {
        return EventFollower.start(bootstrap, Topics.COMMITS, "latest", running, (e, now) -> {
            if (e instanceof CommitPushed c && c.provider().equals("conveyor")
                    && c.commits().stream().anyMatch(x -> x.modified().contains("app/kustomization.yaml"))) {
                ownCommits.add(now);
            }
        });
    }

    private static String kustomization(String name, String registry, String tag) {
        return """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                images:
                  - name: %s
                    newName: %s/%s
                    newTag: %s
                """.formatted(name, registry, name, tag);
    }

    private static String policy(String name, String image, String strategy, String repo, String dir, String kustomizeName) {
        return """
                apiVersion: conveyor.dev/v1alpha1
                kind: ImagePolicy
                metadata: {name: %s}
                spec:
                  image: %s
                  strategy: %s
                  writeBack: {repoURL: "%s", branch: main, path: %s/kustomization.yaml, kustomize: {name: %s}}
                """.formatted(name, image, strategy, repo, dir, kustomizeName);
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return def;
    }
}
