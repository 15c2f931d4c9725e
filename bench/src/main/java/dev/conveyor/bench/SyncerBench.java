package dev.conveyor.bench;

import dev.conveyor.events.SyncCompleted;
import dev.conveyor.events.Topics;
import dev.conveyor.local.KafkaBrokerProcess;
import dev.conveyor.testing.git.GitFixture;
import dev.conveyor.local.LocalStack;
import dev.conveyor.local.Ports;
import dev.conveyor.local.ServiceProcess;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import org.HdrHistogram.Histogram;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syncer under load, as separate processes on 127.0.0.1: a real Kafka broker, webhook-ingest, the syncer, real Git
 * (bare repositories), and the in-memory Kubernetes API server (fabric8's mock server in CRUD mode — the one stand-in;
 * it stores objects but runs no controllers). Prints figures; asserts nothing; every wait is bounded.
 *
 * <p>(1) signed Gitea push webhook → {@code SyncCompleted} latency for a 20-resource application, over bounded runs;
 * (2) N applications (one ApplicationSet over N directories of one repository): time from the control-repository push
 * to every application's first {@code SyncCompleted}, the syncer's heap, and how many renders one commit that touches
 * one application causes.
 *
 * <p>Options: {@code --runs R} (default 30), {@code --apps N} (default 1000), {@code --timeout-minutes M} (default 20).
 */
public final class SyncerBench {

    private static final Pattern RENDER_COUNT = Pattern.compile("conveyor_syncer_render_duration_seconds_count(?:\\{[^}]*})? ([0-9.eE+]+)");
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+]+)");

    private final Map<String, Long> completedAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> syncsPerApp = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Held so the level sticks: the mock server logs every request at INFO, which would cost more than it serves. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    public static void main(String[] args) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        new SyncerBench().run(intArg(args, "--runs", 30), intArg(args, "--apps", 1000), intArg(args, "--timeout-minutes", 20));
    }

    void run(int runs, int apps, int timeoutMinutes) throws Exception {
        Path state = Path.of("bench/target/syncer-bench");
        LocalStack.deleteRecursively(state);
        Path logs = Files.createDirectories(state.resolve("logs"));
        String giteaSecret = "bench-" + UUID.randomUUID();
        GitFixture appsRepo = new GitFixture(state.resolve("git"), "apps");
        GitFixture control = new GitFixture(state.resolve("git"), "control");
        appsRepo.commit("init", Map.of("README.md", "bench\n"));
        control.commit("init", Map.of("decl/README.md", "declarations\n"));

        KubernetesMockServer kube = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(),
                new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
        kube.init(InetAddress.getByName("127.0.0.1"), 0);
        String apiServer = kube.createClient().getConfiguration().getMasterUrl();

        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(state, Path.of("local/target/libs"), Ports.free(), Ports.free());
             ServiceProcess ingest = new ServiceProcess("webhook-ingest",
                     Path.of("services/webhook-ingest/target/quarkus-app/quarkus-run.jar"), Ports.free(), logs);
             ServiceProcess syncer = new ServiceProcess("syncer",
                     Path.of("services/syncer/target/quarkus-app/quarkus-run.jar"), Ports.free(), logs)) {
            kafka.start(Duration.ofSeconds(60));
            KafkaBrokerProcess.createTopics(kafka.bootstrapServers(),
                    Set.of(Topics.COMMITS, Topics.IMAGES, Topics.SYNC_REQUESTS, Topics.SYNCS), 3);
            ingest.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "CONVEYOR_INGEST_RECEIVERS_GITEA_SECRET", giteaSecret, "QUARKUS_LOG_LEVEL", "WARN"), Duration.ofSeconds(60));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServer);
            env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
            env.put("CONVEYOR_SYNCER_DECLARATIONS_REPO_URL", control.url());
            env.put("CONVEYOR_SYNCER_DECLARATIONS_PATH", "decl");
            env.put("CONVEYOR_SYNCER_GIT_CACHE_DIR", state.resolve("syncer-git").toAbsolutePath().toString());
            env.put("CONVEYOR_SYNCER_RESYNC_INTERVAL", "PT1H");
            env.put("QUARKUS_LOG_LEVEL", "INFO");
            syncer.start(env, Duration.ofSeconds(90));
            Thread follower = follow(kafka.bootstrapServers());

            System.out.printf("syncer benchmark: %d latency runs (20-resource app), %d applications; machine: %d cores, Java %s%n",
                    runs, apps, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("stand-in: fabric8's in-memory Kubernetes API server (CRUD mode); everything else is real");

            // (1) latency of one 20-resource application
            String sha = appsRepo.commit("latency app", latencyApp(0));
            String controlSha = control.commit("declare latency app", Map.of("decl/latency.yaml", application("latency", appsRepo.url(), "latency")));
            webhook(ingest.baseUri(), giteaSecret, control.url(), controlSha, List.of("decl/latency.yaml"));
            awaitCompleted("latency", sha, Duration.ofMinutes(2));
            Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
            for (int i = 1; i <= runs; i++) {
                String next = appsRepo.commit("bump " + i, latencyApp(i));
                long t0 = System.nanoTime();
                webhook(ingest.baseUri(), giteaSecret, appsRepo.url(), next, List.of("latency/config-0.yaml"));
                long at = awaitCompleted("latency", next, Duration.ofMinutes(1));
                latency.recordValue(Math.max(0, (at - t0) / 1000));
            }
            System.out.printf("push webhook → SyncCompleted (20 resources): p50 %.1f ms  p99 %.1f ms  max %.1f ms  (%d runs)%n",
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0, runs);

            // (2) N applications from one ApplicationSet
            Map<String, String> dirs = new LinkedHashMap<>();
            for (int i = 0; i < apps; i++) {
                dirs.put("fleet/app-%05d/configmap.yaml".formatted(i), """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata: {name: settings}
                        data: {index: "%d"}
                        """.formatted(i));
            }
            String fleetSha = appsRepo.commit("fleet of " + apps, dirs);
            long t0 = System.nanoTime();
            String fleetControl = control.commit("declare the fleet", Map.of("decl/fleet.yaml", """
                    apiVersion: conveyor.dev/v1alpha1
                    kind: ApplicationSet
                    metadata: {name: fleet}
                    spec:
                      generators:
                        - git: {repoURL: "%s", revision: main, directories: [{path: "fleet/*"}]}
                      template:
                        metadata: {name: "{{path.basename}}"}
                        spec:
                          source: {repoURL: "%s", targetRevision: main, path: "{{path}}"}
                          destination: {namespace: "{{path.basename}}"}
                          syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
                    """.formatted(appsRepo.url(), appsRepo.url())));
            webhook(ingest.baseUri(), giteaSecret, control.url(), fleetControl, List.of("decl/fleet.yaml"));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
            int done = 0;
            while (System.nanoTime() < deadline) {
                done = 0;
                for (int i = 0; i < apps; i++) if (completedAt.containsKey("app-%05d@%s".formatted(i, fleetSha))) done++;
                if (done == apps) break;
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d applications: first full sync %s in %.1f s (%.1f applications/s)%n", apps,
                    done == apps ? "complete" : "INCOMPLETE (" + done + " synced)", seconds, done / seconds);
            Thread.sleep(3000);
            String metrics = get(syncer.baseUri().resolve("/q/metrics"));
            System.out.printf("syncer heap used after the fleet synced: %.0f MiB%n", sum(HEAP, metrics) / (1024 * 1024));

            double rendersBefore = sum(RENDER_COUNT, metrics);
            Map<String, Integer> syncsBefore = snapshotSyncs();
            String one = appsRepo.commit("touch one app", Map.of("fleet/app-00007/configmap.yaml", """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings}
                    data: {index: "7", touched: "yes"}
                    """));
            webhook(ingest.baseUri(), giteaSecret, appsRepo.url(), one, List.of("fleet/app-00007/configmap.yaml"));
            awaitCompleted("app-00007", one, Duration.ofMinutes(1));
            Thread.sleep(3000);
            double rendersAfter = sum(RENDER_COUNT, get(syncer.baseUri().resolve("/q/metrics")));
            Map<String, Integer> syncsAfter = snapshotSyncs();
            long appsSynced = syncsAfter.entrySet().stream().filter(e -> e.getValue() > syncsBefore.getOrDefault(e.getKey(), 0)).count();
            System.out.printf("one commit touching 1 of %d applications: %.0f render(s), %d application(s) synced%n",
                    apps, rendersAfter - rendersBefore, appsSynced);
            running.set(false);
            follower.join(5000);
        } finally {
            kube.destroy();
        }
    }

    private Map<String, Integer> snapshotSyncs() {
        Map<String, Integer> m = new HashMap<>();
        syncsPerApp.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private Thread follow(String bootstrap) {
        return EventFollower.start(bootstrap, Topics.SYNCS, "earliest", running, (e, now) -> {
            if (e instanceof SyncCompleted s) {
                completedAt.putIfAbsent(s.application() + "@" + s.revision(), now);
                syncsPerApp.computeIfAbsent(s.application(), k -> new AtomicInteger()).incrementAndGet();
            }
        });
    }

    private long awaitCompleted(String app, String sha, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Long at = completedAt.get(app + "@" + sha);
            if (at != null) return at;
            Thread.sleep(2);
        }
        throw new IllegalStateException("no SyncCompleted for " + app + " at " + sha + " within " + timeout);
    }

    private void webhook(URI ingest, String secret, String repoUrl, String sha, List<String> modified) throws Exception {
        StringBuilder paths = new StringBuilder();
        for (String p : modified) paths.append(paths.isEmpty() ? "" : ",").append('"').append(p).append('"');
        String body = """
                {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000001","after":"%s","compare_url":"",
                 "commits":[{"id":"%s","message":"bench","url":"","author":{"name":"Bench","email":"bench@example.com","username":"bench"},
                   "added":[],"removed":[],"modified":[%s],"timestamp":"2026-11-25T10:00:00Z"}],
                 "repository":{"full_name":"bench/repo","clone_url":"%s","html_url":"%s"},
                 "pusher":{"login":"bench","email":"bench@example.com","username":"bench"}}
                """.formatted(sha, sha, paths, repoUrl, repoUrl);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(ingest.resolve("/webhooks/gitea"))
                .header("Content-Type", "application/json").header("X-Gitea-Event", "push")
                .header("X-Gitea-Delivery", UUID.randomUUID().toString())
                .header("X-Gitea-Signature", LocalStack.hmacSha256Hex(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
    }

    private String get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sum(Pattern p, String text) {
        Matcher m = p.matcher(text);
        double total = 0;
        while (m.find()) total += Double.parseDouble(m.group(1));
        return total;
    }

    /** 10 ConfigMaps, 5 Services, 5 Deployments; {@code version} changes one ConfigMap's data. */
    private static Map<String, String> latencyApp(int version) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            files.put("latency/config-%d.yaml".formatted(i), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: config-%d}
                    data: {version: "%d"}
                    """.formatted(i, i == 0 ? version : 0));
        }
        for (int i = 0; i < 5; i++) {
            files.put("latency/svc-%d.yaml".formatted(i), """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: svc-%d}
                    spec: {selector: {app: web-%d}, ports: [{port: 80, targetPort: 8080}]}
                    """.formatted(i, i));
            files.put("latency/deploy-%d.yaml".formatted(i), """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web-%d}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web-%d}}
                      template:
                        metadata: {labels: {app: web-%d}}
                        spec: {containers: [{name: web, image: "registry.local/web:1.0.0"}]}
                    """.formatted(i, i, i));
        }
        return files;
    }

    private static String application(String name, String repo, String path) {
        return """
                apiVersion: conveyor.dev/v1alpha1
                kind: Application
                metadata: {name: %s}
                spec:
                  source: {repoURL: "%s", targetRevision: main, path: %s}
                  destination: {namespace: %s}
                  syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
                """.formatted(name, repo, path, name);
    }

    private static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return def;
    }
}
